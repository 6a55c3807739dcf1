package io.eventflow.platform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * deploy/nginx.conf (docker-compose.yml's load balancer) is what deploy/cluster.sh generates from the template its
 * local cluster uses, so the two never drift apart.
 */
class NginxConfigTest {

    @Test
    void theCommittedComposeConfigurationIsTheGeneratorsOutput() throws IOException, InterruptedException {
        Process generator = new ProcessBuilder("bash", "deploy/cluster.sh", "nginx-conf", "compose")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String generated = new String(generator.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(generator.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(generator.exitValue()).isZero();

        String committed = Files.readString(Path.of("deploy/nginx.conf"));
        assertThat(committed)
                .as("deploy/nginx.conf differs from the generator; run: deploy/cluster.sh nginx-conf compose > deploy/nginx.conf")
                .isEqualTo(generated);
    }

    @Test
    void theLoadBalancerOverwritesForwardedHeadersAndRetriesOnlyWhatIsSafe() throws IOException {
        String config = Files.readString(Path.of("deploy/nginx.conf"));

        assertThat(config)
                .contains("proxy_set_header X-Forwarded-For $remote_addr;")
                .doesNotContain("$proxy_add_x_forwarded_for")
                .contains("proxy_next_upstream error timeout;")
                .doesNotContain("non_idempotent")
                .contains("listen 8080;", "listen 8000;", "listen 5000;")
                .contains("proxy_set_header Upgrade $http_upgrade;")
                .doesNotContain("ip_hash", "sticky");
        // idle WebSockets survive: longer than the nodes' ping interval (eventflow.realtime.heartbeat, 25 s)
        var readTimeout = java.util.regex.Pattern.compile("proxy_read_timeout (\\d+)s;").matcher(config);
        assertThat(readTimeout.find()).isTrue();
        assertThat(Integer.parseInt(readTimeout.group(1))).isGreaterThan(2 * 25);
    }
}
