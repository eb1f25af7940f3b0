/**
 * The AWS Secrets Manager provider: one secret holding a JSON object of keys, read through the AWS SDK.
 * The only package that imports {@code software.amazon..}, so the SDK loads only when this provider is used.
 */
package io.secretdesk.core.secrets.aws;
