package io.eventflow.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class SignaturesTest {

    /** The example of the Standard Webhooks specification and its reference libraries. */
    @Test
    void signsAsTheStandardWebhooksReferenceDoes() {
        assertThat(Signatures.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                "{\"test\": 2432232314}")).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void makesSecretsOf32RandomBytesWithThePrefix() {
        SecureRandom random = new SecureRandom();
        String one = Signatures.newSecret(random);
        String two = Signatures.newSecret(random);
        assertThat(one).startsWith("whsec_").isNotEqualTo(two);
        assertThat(Base64.getDecoder().decode(one.substring("whsec_".length()))).hasSize(32);
    }

    @Test
    void signatureChangesWithIdTimestampAndBody() {
        String secret = Signatures.newSecret(new SecureRandom());
        String base = Signatures.sign(secret, "msg_1", 100, "{}");
        assertThat(Signatures.sign(secret, "msg_2", 100, "{}")).isNotEqualTo(base);
        assertThat(Signatures.sign(secret, "msg_1", 101, "{}")).isNotEqualTo(base);
        assertThat(Signatures.sign(secret, "msg_1", 100, "{ }")).isNotEqualTo(base);
    }
}
