package io.eventflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.unit.DataSize;
import org.yaml.snakeyaml.Yaml;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Kubernetes manifests in {@code deploy/kubernetes} agree with the application they run: its ports, its health
 * groups, its property names, its shutdown and WebSocket timings, the image's user and heap flag. No cluster and no
 * schema validator are at hand, so the YAML is parsed and compared with application.yml, the Dockerfile and the
 * property metadata Spring Boot ships; a manifest that drifts from the code fails here instead of in a rollout.
 */
class KubernetesManifestsTest {

    private static final Path MANIFESTS = Path.of("deploy", "kubernetes");
    /** Not applied (kustomization.yaml leaves it out): the Secret is created with kubectl from real values. */
    private static final String SECRET_TEMPLATE = "secret.template.yaml";
    /** Environment variables the JVM reads itself, not Spring: the only ones allowed to name no property. */
    /** Read by the JVM and the AWS SDK (the photo bucket's credentials, its default chain), not by Spring's binding. */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
    /** The heap every benchmark in bench/README.md ran with: a pod should not have less. */
    private static final long BENCHMARKED_HEAP = DataSize.ofGigabytes(1).toBytes();
    /** Metaspace, code cache, thread stacks, direct buffers, the socket buffers outside the heap. */
    private static final long NON_HEAP_ALLOWANCE = DataSize.ofMegabytes(384).toBytes();

    private static final List<Manifest> manifests = new ArrayList<>();
    private static Map<String, Object> application = Map.of();
    private static String dockerfile = "";

    record Manifest(String file, Map<String, Object> body) {
        String kind() {
            return String.valueOf(body.get("kind"));
        }

        String name() {
            return String.valueOf(map(body.get("metadata")).get("name"));
        }

        @Override
        public String toString() {
            return file + " " + kind() + "/" + name();
        }
    }

    @BeforeAll
    static void readManifestsAndApplication() throws IOException {
        try (Stream<Path> files = Files.list(MANIFESTS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                if (file.getFileName().toString().equals("kustomization.yaml")) {
                    continue;
                }
                try (Reader in = Files.newBufferedReader(file)) {
                    for (Object document : new Yaml().loadAll(in)) {
                        if (document != null) {
                            manifests.add(new Manifest(file.getFileName().toString(), map(document)));
                        }
                    }
                }
            }
        }
        try (Reader in = Files.newBufferedReader(Path.of("src", "main", "resources", "application.yml"))) {
            application = map(new Yaml().load(in));
        }
        dockerfile = Files.readString(Path.of("Dockerfile"));
    }

    @Test
    void everyManifestNamesItsApiVersionKindAndName() throws IOException {
        assertThat(manifests).extracting(Manifest::kind).contains("Deployment", "Service", "Ingress", "ConfigMap",
                "Secret", "HorizontalPodAutoscaler", "PodDisruptionBudget");
        for (Manifest manifest : manifests) {
            assertThat(manifest.body().get("apiVersion")).as("apiVersion of " + manifest).isInstanceOf(String.class);
            assertThat(manifest.body().get("kind")).as("kind in " + manifest.file()).isInstanceOf(String.class);
            assertThat(manifest.body().get("metadata")).as("metadata of " + manifest).isInstanceOf(Map.class);
            assertThat(map(manifest.body().get("metadata")).get("name")).as("metadata.name in " + manifest.file())
                    .isInstanceOf(String.class);
        }

        Map<String, Object> kustomization;
        try (Reader in = Files.newBufferedReader(MANIFESTS.resolve("kustomization.yaml"))) {
            kustomization = map(new Yaml().load(in));
        }
        Set<String> applied = new TreeSet<>();
        list(kustomization.get("resources")).forEach(resource -> applied.add(String.valueOf(resource)));
        Set<String> files = new TreeSet<>();
        manifests.forEach(manifest -> files.add(manifest.file()));
        files.remove(SECRET_TEMPLATE);
        assertThat(applied).as("kustomization.yaml applies every manifest but the Secret's template").isEqualTo(files);
    }

    @Test
    void containersListenOnThePortsTheApplicationOpens() {
        Map<String, Integer> ports = new HashMap<>();
        for (Object port : list(container().get("ports"))) {
            ports.put(String.valueOf(map(port).get("name")), integer(map(port).get("containerPort")));
        }

        assertThat(ports).containsExactlyInAnyOrderEntriesOf(Map.of(
                "http", integer(appValue("server.port")),
                "compat", integer(appValue("eventflow.compat.port")),
                "v1", integer(appValue("eventflow.compat.v1-port"))));
    }

    @Test
    void probesAskTheApplicationsHealthGroupsOnItsHttpPort() {
        assertThat(appValue("management.endpoint.health.probes.enabled"))
                .as("application.yml: management.endpoint.health.probes.enabled (the liveness and readiness groups)")
                .isEqualTo(true);
        assertThat(String.valueOf(appValue("management.endpoints.web.exposure.include")))
                .as("the health endpoint is exposed over HTTP").contains("health");
        assertThat(appValueOrNull("management.endpoint.health.group.readiness.include"))
                .as("application.yml's readiness group").isNotNull();
        assertThat(appValueOrNull("management.server.port"))
                .as("Actuator shares server.port (a separate management port would need its own container port)")
                .isNull();
        Object basePath = appValueOrNull("management.endpoints.web.base-path");
        String health = (basePath != null ? basePath : "/actuator") + "/health/";

        Map<String, Object> container = container();
        assertThat(probe(container, "readinessProbe")).isEqualTo(health + "readiness");
        assertThat(probe(container, "livenessProbe")).isEqualTo(health + "liveness");
        assertThat(probe(container, "startupProbe")).isEqualTo(health + "liveness");
        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
            Object port = map(map(container.get(probe)).get("httpGet")).get("port");
            assertThat(containerPort(container, port)).as(probe + " port").isEqualTo(integer(appValue("server.port")));
        }
    }

    @Test
    void servicesSelectTheDeploymentsPodsAndTargetItsNamedPorts() {
        Map<String, Object> deployment = only("Deployment").body();
        Map<String, Object> podLabels = map(at(deployment, "spec.template.metadata.labels"));
        assertThat(podLabels).as("the Deployment's own selector matches its pods")
                .containsAllEntriesOf(map(at(deployment, "spec.selector.matchLabels")));

        List<Manifest> services = all("Service");
        assertThat(services).extracting(Manifest::name).contains("eventflow", "eventflow-compat");
        for (Manifest service : services) {
            Map<String, Object> selector = map(at(service.body(), "spec.selector"));
            assertThat(selector).as("selector of " + service).isNotEmpty();
            assertThat(podLabels).as("pod labels selected by " + service).containsAllEntriesOf(selector);
            for (Object port : list(at(service.body(), "spec.ports"))) {
                Object target = map(port).get("targetPort");
                assertThat(target).as("targetPort of " + service + " names a container port")
                        .isInstanceOf(String.class);
                assertThat(containerPort(container(), target)).as(service + " → " + target).isNotNull();
            }
        }

        Manifest compat = only("Service", "eventflow-compat");
        assertThat(at(compat.body(), "spec.type")).isEqualTo("LoadBalancer");
        assertThat(list(at(compat.body(), "spec.ports"))).extracting(port -> map(port).get("port"))
                .containsExactlyInAnyOrder(appValue("eventflow.compat.port"), appValue("eventflow.compat.v1-port"));
    }

    @Test
    void ingressSendsToTheServicePortBehindWhichTheApplicationListens() {
        Manifest ingress = only("Ingress");
        List<Map<String, Object>> backends = new ArrayList<>();
        for (Object rule : list(at(ingress.body(), "spec.rules"))) {
            for (Object path : list(at(map(rule), "http.paths"))) {
                backends.add(map(at(map(path), "backend.service")));
            }
        }
        assertThat(backends).isNotEmpty();
        for (Map<String, Object> backend : backends) {
            Manifest service = only("Service", String.valueOf(backend.get("name")));
            Map<String, Object> wanted = map(backend.get("port"));
            Map<String, Object> port = list(at(service.body(), "spec.ports")).stream().map(p -> map(p))
                    .filter(p -> Objects.equals(p.get("name"), wanted.get("name"))
                            || Objects.equals(p.get("port"), wanted.get("number")))
                    .findFirst().orElseThrow(() -> new AssertionError(ingress + " names port " + wanted
                            + ", which Service " + service.name() + " does not have"));
            assertThat(containerPort(container(), port.get("targetPort")))
                    .as("the Ingress reaches server.port").isEqualTo(integer(appValue("server.port")));
        }
    }

    @Test
    void idleWebSocketsOutlastTheProxiesTimeouts() throws IOException {
        long heartbeat = duration(appValue("eventflow.realtime.heartbeat")).toSeconds();
        Map<String, Object> annotations = map(at(only("Ingress").body(), "metadata.annotations"));

        for (String timeout : List.of("proxy-read-timeout", "proxy-send-timeout")) {
            Object seconds = annotations.get("nginx.ingress.kubernetes.io/" + timeout);
            assertThat(seconds).as(timeout + " on the Ingress").isNotNull();
            assertThat(Long.parseLong(String.valueOf(seconds)))
                    .as(timeout + " (seconds) above the WebSocket heartbeat of " + heartbeat + " s")
                    .isGreaterThan(heartbeat);
        }

        Matcher composeTimeouts = Pattern.compile("proxy_read_timeout\\s+(\\d+)s;")
                .matcher(Files.readString(Path.of("deploy", "nginx.conf")));
        int found = 0;
        while (composeTimeouts.find()) {
            found++;
            assertThat(Long.parseLong(composeTimeouts.group(1))).as("deploy/nginx.conf's proxy_read_timeout")
                    .isGreaterThan(heartbeat);
        }
        assertThat(found).isPositive();
    }

    @Test
    void ingressTakesBodiesAsLargeAsTheApplicationDoes() {
        Object bodySize = map(at(only("Ingress").body(), "metadata.annotations"))
                .get("nginx.ingress.kubernetes.io/proxy-body-size");
        assertThat(bodySize).as("proxy-body-size on the Ingress (the controller's default is 1m)").isNotNull();

        long ingressLimit = nginxSize(String.valueOf(bodySize));
        assertThat(ingressLimit).isGreaterThanOrEqualTo(
                DataSize.parse(String.valueOf(appValue("spring.servlet.multipart.max-request-size"))).toBytes());
        for (Object override : map(appValue("eventflow.http.overrides")).values()) {
            assertThat(ingressLimit).as("a body route " + override + " allows").isGreaterThanOrEqualTo(
                    DataSize.parse(String.valueOf(override)).toBytes());
        }
    }

    @Test
    void autoscalerAndDisruptionBudgetTargetTheDeploymentsPods() {
        Manifest deployment = only("Deployment");
        Map<String, Object> podLabels = map(at(deployment.body(), "spec.template.metadata.labels"));

        Manifest hpa = only("HorizontalPodAutoscaler");
        assertThat(hpa.body().get("apiVersion")).isEqualTo("autoscaling/v2");
        Map<String, Object> target = map(at(hpa.body(), "spec.scaleTargetRef"));
        assertThat(target).containsEntry("kind", "Deployment").containsEntry("name", deployment.name())
                .containsEntry("apiVersion", deployment.body().get("apiVersion"));
        assertThat(list(at(hpa.body(), "spec.metrics"))).extracting(metric -> at(map(metric), "resource.name"))
                .contains("cpu");
        int minReplicas = integer(at(hpa.body(), "spec.minReplicas"));
        assertThat(integer(at(hpa.body(), "spec.maxReplicas"))).isGreaterThan(minReplicas);
        assertThat(integer(at(deployment.body(), "spec.replicas"))).isEqualTo(minReplicas);

        Manifest pdb = only("PodDisruptionBudget");
        Map<String, Object> selector = map(at(pdb.body(), "spec.selector.matchLabels"));
        assertThat(selector).isNotEmpty();
        assertThat(podLabels).as("pods the PodDisruptionBudget protects").containsAllEntriesOf(selector);
        assertThat(integer(at(pdb.body(), "spec.maxUnavailable"))).as("a drain keeps most nodes up")
                .isLessThan(minReplicas - 1);
    }

    @Test
    void everyConfigAndSecretKeyTheDeploymentReadsExists() {
        Map<String, Set<String>> configMaps = new HashMap<>();
        all("ConfigMap").forEach(c -> configMaps.put(c.name(), map(c.body().get("data")).keySet()));
        Map<String, Set<String>> secrets = new HashMap<>();
        for (Manifest secret : all("Secret")) {
            Set<String> keys = new HashSet<>(map(secret.body().get("stringData")).keySet());
            keys.addAll(map(secret.body().get("data")).keySet());
            secrets.put(secret.name(), keys);
        }

        Set<String> configKeysRead = new HashSet<>();
        for (Object variable : list(container().get("env"))) {
            Map<String, Object> valueFrom = map(map(variable).get("valueFrom"));
            String name = String.valueOf(map(variable).get("name"));
            if (valueFrom.containsKey("configMapKeyRef")) {
                Map<String, Object> ref = map(valueFrom.get("configMapKeyRef"));
                assertThat(configMaps).as(name + "'s ConfigMap").containsKey(String.valueOf(ref.get("name")));
                assertThat(configMaps.get(ref.get("name"))).as(name + "'s key").contains(String.valueOf(ref.get("key")));
                configKeysRead.add(ref.get("name") + "/" + ref.get("key"));
            }
            if (valueFrom.containsKey("secretKeyRef")) {
                Map<String, Object> ref = map(valueFrom.get("secretKeyRef"));
                assertThat(secrets).as(name + "'s Secret").containsKey(String.valueOf(ref.get("name")));
                assertThat(secrets.get(ref.get("name"))).as(name + "'s key").contains(String.valueOf(ref.get("key")));
            }
        }
        assertThat(container().get("envFrom")).as("every variable is listed in the Deployment").isNull();

        Set<String> configKeys = new HashSet<>();
        configMaps.forEach((map, keys) -> keys.forEach(key -> configKeys.add(map + "/" + key)));
        assertThat(configKeysRead).as("every ConfigMap key is handed to the container").isEqualTo(configKeys);
    }

    @Test
    void everyEnvironmentVariableSetsARealProperty() throws Exception {
        Set<String> properties = knownProperties();
        List<String> unknown = new ArrayList<>();
        for (Object variable : list(container().get("env"))) {
            String name = String.valueOf(map(variable).get("name"));
            if (!JVM_VARIABLES.contains(name) && properties.stream().noneMatch(p -> bindsTo(name, p))) {
                unknown.add(name);
            }
        }

        assertThat(unknown).as("variables no property of application.yml, of an @ConfigurationProperties record in "
                + "io.eventflow or of Spring Boot's metadata binds to (a typo would be ignored silently)").isEmpty();
        assertThat(bindsTo("EVENTFLOW_IDENTITY_JWT_SECRET", "eventflow.identity.jwt.secret")).isTrue();
        assertThat(bindsTo("EVENTFLOW_IDENTITY_JWT_SECRETS", "eventflow.identity.jwt.secret"))
                .as("a misspelled variable does not count").isFalse();
        assertThat(properties).as("nor a name Spring Boot has retired").doesNotContain("spring.redis.host");
    }

    @Test
    void jwtSecretComesFromTheSecretWhoseTemplateHoldsNoUsableKey() {
        Map<String, Object> jwt = variable("EVENTFLOW_IDENTITY_JWT_SECRET");
        Map<String, Object> ref = map(at(jwt, "valueFrom.secretKeyRef"));
        assertThat(ref).as("the JWT key comes from a Secret, never from a value in the manifest").isNotEmpty();

        Manifest template = only("Secret", String.valueOf(ref.get("name")));
        assertThat(template.file()).isEqualTo(SECRET_TEMPLATE);
        Object placeholder = map(template.body().get("stringData")).get(ref.get("key"));
        // SigningKeys refuses a key under 32 bytes: a node started on the template as it is fails instead of signing
        // tokens with a key published in git
        assertThat(String.valueOf(placeholder).getBytes(StandardCharsets.UTF_8).length)
                .as("the template's placeholder is too short to be used as a key").isLessThan(32);
        assertThat(map(template.body().get("data"))).as("no encoded values in the template").isEmpty();
    }

    @Test
    void terminationGraceOutlastsThePreStopSleepAndTheGracefulShutdown() {
        assertThat(appValue("server.shutdown")).isEqualTo("graceful");
        long shutdownPhase = duration(appValue("spring.lifecycle.timeout-per-shutdown-phase")).toSeconds();
        Map<String, Object> preStop = map(at(container(), "lifecycle.preStop"));
        long preStopSeconds;
        if (preStop.containsKey("sleep")) {
            preStopSeconds = integer(at(preStop, "sleep.seconds"));
        } else {
            List<Object> command = list(at(preStop, "exec.command"));
            assertThat(command).as("preStop: sleep N").hasSize(2).first().isEqualTo("sleep");
            preStopSeconds = Long.parseLong(String.valueOf(command.get(1)));
        }
        assertThat(preStopSeconds).as("a preStop sleep while the endpoints' removal spreads").isPositive();

        long grace = integer(at(only("Deployment").body(), "spec.template.spec.terminationGracePeriodSeconds"));
        assertThat(grace).as("terminationGracePeriodSeconds > preStop sleep + timeout-per-shutdown-phase")
                .isGreaterThan(preStopSeconds + shutdownPhase);
    }

    @Test
    void heapComesFromTheDockerfilesFlagAndFitsTheMemoryLimit() {
        String entrypoint = dockerfile.lines().filter(line -> line.startsWith("ENTRYPOINT")).findFirst().orElseThrow();
        Matcher percentage = Pattern.compile("-XX:MaxRAMPercentage=(\\d+(?:\\.\\d+)?)").matcher(entrypoint);
        assertThat(percentage.find()).as("the Dockerfile sizes the heap from the container's memory").isTrue();

        // command-line flags win over JAVA_TOOL_OPTIONS: a heap size there would be ignored or fight the Dockerfile's
        String toolOptions = String.valueOf(variable("JAVA_TOOL_OPTIONS").get("value"));
        assertThat(toolOptions).doesNotContain("-Xmx", "MaxRAMPercentage", "MaxRAM=", "MaxHeapSize");

        long limit = quantity(String.valueOf(at(container(), "resources.limits.memory")));
        long heap = (long) (limit * Double.parseDouble(percentage.group(1)) / 100);
        assertThat(heap).as("heap of the pod (bytes)").isGreaterThanOrEqualTo(BENCHMARKED_HEAP);
        assertThat(limit - heap).as("memory left outside the heap").isGreaterThanOrEqualTo(NON_HEAP_ALLOWANCE);
        assertThat(at(container(), "resources.requests.memory")).isNotNull();
        assertThat(at(container(), "resources.requests.cpu")).isNotNull();
    }

    @Test
    void podRunsAsTheImagesUserOnAReadOnlyFilesystem() {
        Matcher uid = Pattern.compile("useradd[^\\n]*--uid (\\d+)").matcher(dockerfile);
        assertThat(uid.find()).as("the Dockerfile's user").isTrue();
        Map<String, Object> pod = map(at(only("Deployment").body(), "spec.template.spec"));
        assertThat(at(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
        assertThat(at(pod, "securityContext.runAsUser")).isEqualTo(Integer.parseInt(uid.group(1)));
        assertThat(at(container(), "securityContext.readOnlyRootFilesystem")).isEqualTo(true);

        Map<String, Map<String, Object>> volumes = new HashMap<>();
        list(pod.get("volumes")).forEach(volume -> volumes.put(String.valueOf(map(volume).get("name")), map(volume)));
        Map<String, String> mounts = new HashMap<>();
        list(container().get("volumeMounts")).forEach(mount -> mounts.put(String.valueOf(map(mount).get("mountPath")),
                String.valueOf(map(mount).get("name"))));

        assertThat(mounts).as("a writable /tmp (Tomcat, uploads, the JVM)").containsKey("/tmp");
        assertThat(volumes.get(mounts.get("/tmp"))).containsKey("emptyDir");

        assertThat(volumes.values()).as("nothing but scratch space: the pods share no volume")
                .allSatisfy(volume -> assertThat(volume).containsKey("emptyDir"));
    }

    @Test
    void photosGoToTheBucketWithCredentialsFromTheSecretOnly() {
        assertThat(configValue(variable("EVENTFLOW_MEDIA_STORAGE"))).isEqualTo("s3");
        assertThat(configValue(variable("EVENTFLOW_MEDIA_S3_BUCKET"))).isNotBlank();
        for (String key : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")) {
            Map<String, Object> ref = map(at(variable(key), "valueFrom.secretKeyRef"));
            assertThat(ref).as(key + " comes from the Secret, never from a value in the manifest").isNotEmpty();
            assertThat(ref.get("optional")).as(key + ": a pod role may stand in for the keys").isEqualTo(true);
        }
        assertThat(all("PersistentVolumeClaim")).as("no shared photo volume any more").isEmpty();
    }

    @Test
    void linksInMailsPointAtTheIngressHost() {
        String host = String.valueOf(map(list(at(only("Ingress").body(), "spec.rules")).get(0)).get("host"));
        String baseUrl = configValue(variable("EVENTFLOW_NOTIFICATION_BASE_URL"));
        assertThat(URI.create(baseUrl).getHost()).isEqualTo(host);
        assertThat(configValue(variable("EVENTFLOW_IDENTITY_PASSWORD_RESET_URL"))).startsWith(baseUrl + "/");
    }

    @Test
    void onlyPrivateAddressesAreTrustedAsProxies() {
        Pattern trusted = Pattern.compile(configValue(variable("SERVER_TOMCAT_REMOTEIP_INTERNAL_PROXIES")));
        for (String client : List.of("203.0.113.7", "8.8.8.8", "1.2.3.4", "2001:db8::1")) {
            assertThat(trusted.matcher(client).matches()).as(client + " may not claim to be a proxy").isFalse();
        }
    }

    // --- the application's side ---

    /**
     * Every property a variable may set: application.yml's keys, the components of EventFlow's own
     * {@code @ConfigurationProperties} records (some, like the JWT secret, have no line in application.yml), and the
     * properties of Spring Boot's metadata (spring.data.redis.host and the like).
     */
    private static Set<String> knownProperties() throws Exception {
        Set<String> properties = new TreeSet<>();
        flatten("", application, properties);

        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        for (BeanDefinition candidate : scanner.findCandidateComponents("io.eventflow")) {
            Class<?> type = Class.forName(candidate.getBeanClassName(), false, KubernetesManifestsTest.class.getClassLoader());
            ConfigurationProperties annotation = AnnotatedElementUtils.findMergedAnnotation(type,
                    ConfigurationProperties.class);
            String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
            components(prefix, type, properties);
        }
        assertThat(properties).as("EventFlow's records were found").contains("eventflow.identity.jwt.secret");

        JsonMapper json = JsonMapper.builder().build();
        for (String resource : List.of("META-INF/spring-configuration-metadata.json",
                "META-INF/additional-spring-configuration-metadata.json")) {
            Enumeration<URL> urls = KubernetesManifestsTest.class.getClassLoader().getResources(resource);
            while (urls.hasMoreElements()) {
                try (InputStream in = urls.nextElement().openStream()) {
                    for (JsonNode property : json.readTree(in).path("properties")) {
                        // renamed properties stay in the metadata to point at their replacement (spring.redis.host
                        // -> spring.data.redis.host) and are no longer bound, or soon will not be
                        if (!property.has("deprecation") && !property.path("deprecated").asBoolean(false)) {
                            properties.add(property.path("name").asString());
                        }
                    }
                }
            }
        }
        assertThat(properties).as("Spring Boot's metadata was found").contains("spring.data.redis.host");
        properties.removeIf(name -> !ConfigurationPropertyName.isValid(name));
        return properties;
    }

    private static void flatten(String prefix, Map<String, Object> yaml, Collection<String> into) {
        yaml.forEach((key, value) -> {
            String name = prefix.isEmpty() ? key : prefix + "." + key;
            into.add(name);
            if (value instanceof Map<?, ?>) {
                flatten(name, map(value), into);
            }
        });
    }

    private static void components(String prefix, Class<?> type, Collection<String> into) {
        if (!type.isRecord()) {
            return;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            String name = prefix + "." + component.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
            into.add(name);
            if (component.getType().isRecord() && component.getType().getName().startsWith("io.eventflow.")) {
                components(name, component.getType(), into);
            }
        }
    }

    /** Whether Spring, reading the variable from the environment, binds it to the property (relaxed binding). */
    private static boolean bindsTo(String variable, String property) {
        ConfigurationPropertySource environment = ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "set")));
        return environment.getConfigurationProperty(ConfigurationPropertyName.of(property)) != null;
    }

    private static Object appValue(String path) {
        Object value = appValueOrNull(path);
        if (value == null) {
            fail("application.yml has no " + path + " (the manifests are checked against it)");
        }
        return value;
    }

    private static Object appValueOrNull(String path) {
        return at(application, path);
    }

    // --- the manifests' side ---

    private static List<Manifest> all(String kind) {
        return manifests.stream().filter(m -> m.kind().equals(kind)).toList();
    }

    private static Manifest only(String kind) {
        List<Manifest> found = all(kind);
        assertThat(found).as("one " + kind).hasSize(1);
        return found.get(0);
    }

    private static Manifest only(String kind, String name) {
        return all(kind).stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " in " + MANIFESTS));
    }

    private static Map<String, Object> container() {
        List<Object> containers = list(at(only("Deployment").body(), "spec.template.spec.containers"));
        assertThat(containers).hasSize(1);
        return map(containers.get(0));
    }

    private static Map<String, Object> variable(String name) {
        return list(container().get("env")).stream().map(v -> map(v)).filter(v -> name.equals(v.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("the container sets no " + name));
    }

    /** The value a variable gets from its ConfigMap. */
    private static String configValue(Map<String, Object> variable) {
        Map<String, Object> ref = map(at(variable, "valueFrom.configMapKeyRef"));
        Object value = map(only("ConfigMap", String.valueOf(ref.get("name"))).body().get("data")).get(ref.get("key"));
        assertThat(value).as(variable.get("name") + " from its ConfigMap").isNotNull();
        return String.valueOf(value);
    }

    private static String probe(Map<String, Object> container, String probe) {
        Object path = at(container, probe + ".httpGet.path");
        assertThat(path).as(probe).isNotNull();
        return String.valueOf(path);
    }

    /** The container port a probe or Service names (by name or number), or null if the container has none such. */
    private static Integer containerPort(Map<String, Object> container, Object port) {
        for (Object declared : list(container.get("ports"))) {
            Map<String, Object> p = map(declared);
            if (Objects.equals(p.get("name"), port) || Objects.equals(p.get("containerPort"), port)) {
                return integer(p.get("containerPort"));
            }
        }
        return null;
    }

    // --- YAML and units ---

    private static Object at(Map<String, Object> yaml, String path) {
        Object current = yaml;
        for (String key : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> node) || !node.containsKey(key)) {
                return null;
            }
            current = node.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object yaml) {
        return yaml instanceof Map<?, ?> ? (Map<String, Object>) yaml : new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object yaml) {
        return yaml instanceof List<?> ? (List<Object>) yaml : List.of();
    }

    private static int integer(Object yaml) {
        assertThat(yaml).isInstanceOf(Integer.class);
        return (Integer) yaml;
    }

    private static Duration duration(Object yaml) {
        return DurationStyle.detectAndParse(String.valueOf(yaml));
    }

    /** A Kubernetes quantity of memory (2Gi, 1536Mi, 2G, bytes). */
    private static long quantity(String value) {
        Matcher m = Pattern.compile("(\\d+)(Ki|Mi|Gi|Ti|k|M|G|T)?").matcher(value);
        assertThat(m.matches()).as("memory quantity " + value).isTrue();
        long number = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "" : m.group(2)) {
            case "Ki" -> number << 10;
            case "Mi" -> number << 20;
            case "Gi" -> number << 30;
            case "Ti" -> number << 40;
            case "k" -> number * 1_000;
            case "M" -> number * 1_000_000;
            case "G" -> number * 1_000_000_000;
            case "T" -> number * 1_000_000_000_000L;
            default -> number;
        };
    }

    /** An nginx size (16m, 512k, bytes). */
    private static long nginxSize(String value) {
        Matcher m = Pattern.compile("(\\d+)([kKmMgG]?)").matcher(value);
        assertThat(m.matches()).as("nginx size " + value).isTrue();
        long number = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase()) {
            case "k" -> number << 10;
            case "m" -> number << 20;
            case "g" -> number << 30;
            default -> number;
        };
    }
}
