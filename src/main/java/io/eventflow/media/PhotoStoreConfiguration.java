package io.eventflow.media;

import java.io.IOException;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** The {@link PhotoStore} that {@code eventflow.media.storage} names: a directory (default) or an S3 bucket. */
@Configuration(proxyBeanMethods = false)
class PhotoStoreConfiguration {

    @Bean
    @ConditionalOnProperty(name = "eventflow.media.storage", havingValue = "directory", matchIfMissing = true)
    LocalPhotoStore localPhotoStore(MediaProperties media) throws IOException {
        return new LocalPhotoStore(media.directory());
    }

    @Bean
    @ConditionalOnProperty(name = "eventflow.media.storage", havingValue = "s3")
    S3PhotoStore s3PhotoStore(PhotoStorageProperties storage, S3Client photoBucketClient) {
        PhotoStorageProperties.S3 s3 = storage.s3();
        S3PhotoStore store = new S3PhotoStore(photoBucketClient, java.util.Objects.requireNonNull(s3.bucket()), s3.prefix());
        store.checkBucket();
        return store;
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "eventflow.media.storage", havingValue = "s3")
    S3Client photoBucketClient(PhotoStorageProperties storage) {
        PhotoStorageProperties.S3 s3 = storage.s3();
        S3ClientBuilder client = S3Client.builder()
                .region(Region.of(s3.region()))
                // environment, system properties, profile files, container/instance roles: never a setting of ours
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .forcePathStyle(s3.pathStyleAccess())
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(s3.connectTimeout())
                        .socketTimeout(s3.readTimeout()))
                // checksums only where S3 requires them: several S3-compatible servers refuse the trailing checksums
                // the SDK adds by default (aws-chunked uploads); TLS, or over plain HTTP the signed payload hash,
                // still guards every transfer
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(override -> override
                        .apiCallTimeout(s3.callTimeout())
                        .retryStrategy(retry -> retry.maxAttempts(s3.maxAttempts())));
        java.net.URI endpoint = s3.endpoint();
        if (endpoint != null && !endpoint.toString().isBlank()) { // empty (a ConfigMap's ""): AWS S3 itself
            client.endpointOverride(endpoint);
        }
        return client.build();
    }
}
