package io.secretdesk.core.secrets.aws;

import io.secretdesk.core.Urls;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.model.DecryptionFailureException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The AWS provider's failures in words: one line each, from error codes, exception classes and settings only
 * (never an exception's message, which may quote a request), with what to do next.
 */
final class AwsFailures {

    private static final Pattern XML_ERROR_CODE = Pattern.compile("<Code>([A-Za-z0-9._:-]{1,100})</Code>");

    private final AwsSettings settings;

    AwsFailures(AwsSettings settings) {
        this.settings = settings;
    }

    /** The secret's name and region for people: {@code AWS secret 'name' in region}. */
    String secretLabel() {
        return "AWS secret '" + settings.secretName() + "' in " + settings.region();
    }

    /** The endpoint for people, without any {@code user:password@} part. */
    String endpointLabel() {
        URI endpoint = settings.endpointOverride();
        return endpoint != null ? Urls.withoutUserInfo(endpoint) : "(region " + settings.region() + ")";
    }

    /** A duration as people read it: {@code 2 s}, {@code 1.5 s}. */
    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis / 1000.0 + " s";
    }

    /** Whether {@code e} or one of its causes is a {@code type}. */
    static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The reason a lookup ran out of time. */
    String noAnswer() {
        return "AWS Secrets Manager at " + endpointLabel() + " gave no answer within " + seconds(settings.callTimeout())
                + "; check the network or raise " + AwsSettings.TIMEOUT_VARIABLE;
    }

    /** The one-line reason for a transport failure or rejected credentials, or null for other service errors. */
    String transportReason(SdkException e) {
        if (e instanceof AwsServiceException service) {
            String rejected = rejectedCredentials(errorCode(service));
            return rejected == null ? null : "AWS rejected the credentials for " + secretLabel() + ": " + rejected
                    + "; check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the profile";
        }
        return reasonFor(e);
    }

    /** The one-line reason for an SDK failure, from error codes, exception classes and settings only. */
    String reasonFor(SdkException e) {
        String secret = secretLabel();
        if (e instanceof ResourceNotFoundException) {
            return secret + " not found; create it, or fix " + AwsSettings.SECRET_NAME_VARIABLE
                    + " or AWS_DEFAULT_REGION";
        }
        if (e instanceof DecryptionFailureException) {
            return "AWS could not decrypt " + secret + " with its KMS key; grant kms:Decrypt on that key";
        }
        if (e instanceof AwsServiceException) {
            AwsServiceException service = (AwsServiceException) e;
            String code = errorCode(service);
            String credentialsReason = rejectedCredentials(code);
            if (credentialsReason != null) {
                return "AWS rejected the credentials for " + secret + ": " + credentialsReason
                        + "; check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the profile";
            }
            if ("AccessDeniedException".equals(code) || "AccessDenied".equals(code)) {
                return "AWS denied secretsmanager:GetSecretValue on " + secret
                        + "; allow it in the IAM policy of these credentials";
            }
            return "AWS Secrets Manager refused to read " + secret + " (" + (code == null ? "no error code" : code)
                    + ", HTTP " + service.statusCode() + "); check the secret and its permissions";
        }
        String endpoint = endpointLabel();
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException
                || hasCause(e, SocketTimeoutException.class) || hasCause(e, HttpTimeoutException.class)) {
            return noAnswer();
        }
        if (hasCause(e, ConnectException.class) || hasCause(e, NoRouteToHostException.class)) {
            return "AWS Secrets Manager endpoint " + endpoint + " is unreachable (connection refused);"
                    + " check AWS_ENDPOINT_URL or the network";
        }
        if (hasCause(e, UnknownHostException.class)) {
            return "AWS Secrets Manager endpoint " + endpoint + " is unreachable (host name not found);"
                    + " check AWS_ENDPOINT_URL, the region or DNS";
        }
        return "AWS request for " + secret + " failed (" + e.getClass().getSimpleName() + "); check the network"
                + " and AWS settings";
    }

    /**
     * The service's error code. Secrets Manager speaks JSON, but the credential and policy checks in front of it
     * (in moto, and in some proxies) answer in the XML Query error format, which the SDK's JSON parser leaves
     * without a code: read {@code <Code>} from such a body. Error bodies never hold secret values.
     */
    static String errorCode(AwsServiceException e) {
        AwsErrorDetails details = e.awsErrorDetails();
        if (details == null) {
            return null;
        }
        if (details.errorCode() != null && !details.errorCode().isBlank()) {
            return details.errorCode();
        }
        SdkBytes body = details.rawResponse();
        if (body == null) {
            return null;
        }
        String text = body.asUtf8String();
        Matcher code = XML_ERROR_CODE.matcher(text.length() > 4096 ? text.substring(0, 4096) : text);
        return code.find() ? code.group(1) : null;
    }

    /** What was wrong with rejected credentials, or null when the error code is not a credentials error. */
    static String rejectedCredentials(String code) {
        if (code == null) {
            return null;
        }
        return switch (code) {
            case "UnrecognizedClientException", "InvalidClientTokenId", "InvalidAccessKeyId" ->
                    "the access key is not known";
            case "InvalidSignatureException", "SignatureDoesNotMatch" ->
                    "the signature does not match (wrong secret access key)";
            case "ExpiredTokenException", "ExpiredToken", "RequestExpired" ->
                    "the session token or request has expired";
            case "IncompleteSignature", "MissingAuthenticationToken", "AuthFailure" ->
                    "the request was not properly signed";
            default -> null;
        };
    }
}
