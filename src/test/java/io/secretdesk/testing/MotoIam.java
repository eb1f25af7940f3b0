package io.secretdesk.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * IAM users with inline policies on a moto server that checks credentials ({@link MotoServer#start} with
 * {@code INITIAL_NO_AUTH_ACTION_COUNT=0}): the IAM Query API signed with SigV4 by the SDK's signer (the SDK's IAM
 * client is not a dependency). Call it while the server's checking is off ({@link MotoServer#authenticateAfter}).
 */
public final class MotoIam {

    private final URI endpoint;
    private final String region;

    public MotoIam(URI endpoint, String region) {
        this.endpoint = endpoint;
        this.region = region;
    }

    /** An access key pair; {@code toString()} shows the key id only. */
    public record Keys(String id, String secret) {
        @Override
        public String toString() {
            return "Keys[" + id + "]";
        }
    }

    /** Creates {@code user} with an inline policy allowing exactly {@code allowedActions} on every resource, and a key. */
    public Keys userWithPolicy(String user, String... allowedActions) throws IOException {
        call(Map.of("Action", "CreateUser", "UserName", user));
        String actions = java.util.Arrays.stream(allowedActions).map(a -> "\"" + a + "\"").collect(Collectors.joining(", "));
        call(Map.of("Action", "PutUserPolicy", "UserName", user, "PolicyName", "only-" + user,
                "PolicyDocument", "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\","
                        + " \"Action\": [" + actions + "], \"Resource\": \"*\"}]}"));
        String created = call(Map.of("Action", "CreateAccessKey", "UserName", user));
        return new Keys(xmlElement(created, "AccessKeyId"), xmlElement(created, "SecretAccessKey"));
    }

    /** One IAM Query API call; returns the XML answer, failing unless it is 200. */
    public String call(Map<String, String> parameters) throws IOException {
        Map<String, String> form = new LinkedHashMap<>(parameters);
        form.put("Version", "2010-05-08");
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8").build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsBasicCredentials.create("testing", "testing"))
                .request(request)
                .payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "iam")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        try (SdkHttpClient http = UrlConnectionHttpClient.create()) {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request()).contentStreamProvider(signed.payload().orElseThrow()).build()).call();
            String text;
            try (InputStream in = response.responseBody().orElseThrow()) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (response.httpResponse().statusCode() != 200) {
                throw new IOException("IAM " + parameters.get("Action") + " answered " + response.httpResponse().statusCode());
            }
            return text;
        }
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String xmlElement(String xml, String element) {
        Matcher matcher = Pattern.compile("<" + element + ">([^<]+)</" + element + ">").matcher(xml);
        if (!matcher.find()) {
            throw new IllegalStateException("IAM answer has no " + element);
        }
        return matcher.group(1);
    }
}
