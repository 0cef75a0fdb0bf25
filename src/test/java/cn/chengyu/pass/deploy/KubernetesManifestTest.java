package cn.chengyu.pass.deploy;

import cn.chengyu.pass.Setting;
import cn.chengyu.pass.health.DatabaseHealthCheck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The k8s base agrees with what the service reads: its port, health paths and settings. */
class KubernetesManifestTest {

    private static final Path BASE = Path.of("k8s/base");
    private static final Map<String, Map<String, Object>> BY_KIND = new HashMap<>();
    private static final Properties PROPERTIES = new Properties();
    private static int httpPort;

    @BeforeAll
    static void parseManifests() throws IOException {
        Map<String, Object> kustomization = load(BASE.resolve("kustomization.yaml"));
        for (Object resource : list(kustomization.get("resources"))) {
            Map<String, Object> manifest = load(BASE.resolve((String) resource));
            BY_KIND.put((String) manifest.get("kind"), manifest);
        }
        try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            PROPERTIES.load(reader);
        }
        httpPort = Integer.parseInt(PROPERTIES.getProperty("quarkus.http.port"));
    }

    @Test
    void baseHasTheWorkloadObjects() {
        assertEquals(Set.of("ConfigMap", "Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget"),
                BY_KIND.keySet());
        assertEquals(2, map(BY_KIND.get("Deployment").get("spec")).get("replicas"));
    }

    @Test
    void containerPortIsTheServicePort() {
        Map<String, Object> port = map(list(container().get("ports")).get(0));
        assertEquals(httpPort, port.get("containerPort"));
        assertEquals("http", port.get("name"));
        Map<String, Object> servicePort = map(list(map(BY_KIND.get("Service").get("spec")).get("ports")).get(0));
        assertEquals("http", servicePort.get("targetPort"));
    }

    @Test
    void probesUseTheHealthPaths() {
        assertEquals("/q/health/live", probePath("livenessProbe"));
        assertEquals("/q/health/ready", probePath("readinessProbe"));
        assertEquals("/q/health/started", probePath("startupProbe"));
    }

    @Test
    void theReadinessProbeWaitsLongerThanTheDatabaseCheck() {
        int probeTimeout = ((Number) map(container().get("readinessProbe")).get("timeoutSeconds")).intValue();
        assertTrue(probeTimeout > DatabaseHealthCheck.TIMEOUT.toSeconds(), "probe " + probeTimeout + " s");
    }

    @Test
    void aShutdownFitsInThePodsGracePeriod() {
        Duration delay = Duration.parse(PROPERTIES.getProperty("%prod.quarkus.shutdown.delay"));
        Duration drain = Duration.parse(PROPERTIES.getProperty("%prod.quarkus.shutdown.timeout"));
        int grace = ((Number) podSpec().get("terminationGracePeriodSeconds")).intValue();
        assertTrue(grace > delay.plus(drain).toSeconds(), grace + " s against " + delay.plus(drain));
    }

    @Test
    void theReadmeSaysHowManyConnectionsTheDatabaseMustAccept() throws IOException {
        int replicas = ((Number) map(BY_KIND.get("HorizontalPodAutoscaler").get("spec")).get("maxReplicas")).intValue();
        int perReplica = Integer.parseInt(PROPERTIES.getProperty("quarkus.datasource.reactive.max-size"))
                + Integer.parseInt(PROPERTIES.getProperty("quarkus.datasource.jdbc.max-size")) + 1;
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains("PostgreSQL must accept " + replicas * perReplica),
                "README must say the database accepts " + replicas * perReplica + " connections");
    }

    @Test
    void everyRequiredSettingIsProvided() {
        Set<String> provided = environmentNames();
        List<String> missing = Setting.requiredInProduction().stream()
                .map(Setting::environmentVariable)
                .filter(name -> !provided.contains(name))
                .toList();
        assertTrue(missing.isEmpty(), "Settings the Deployment does not give: " + missing);
    }

    @Test
    void everyEnvironmentNameIsASettingTheServiceReads() {
        Set<String> known = java.util.Arrays.stream(Setting.values()).map(Setting::environmentVariable).collect(Collectors.toSet());
        Set<String> unknown = new HashSet<>(environmentNames());
        unknown.removeAll(known);
        assertTrue(unknown.isEmpty(), "Environment names the service does not read: " + unknown);
    }

    @Test
    void secretsAreReferencedButNeverContained() throws IOException {
        try (var files = Files.list(BASE)) {
            for (Path file : files.toList()) {
                assertFalse(Files.readString(file).contains("kind: Secret"), file + " contains a Secret");
            }
        }
        Set<String> fromSecrets = new HashSet<>();
        for (Object entry : list(container().get("env"))) {
            Map<String, Object> valueFrom = map(map(entry).get("valueFrom"));
            if (valueFrom != null && valueFrom.containsKey("secretKeyRef")) {
                fromSecrets.add((String) map(entry).get("name"));
            }
        }
        assertEquals(Set.of("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD", "PASS_PII_KEY"), fromSecrets);
    }

    @Test
    void signingKeyLocationIsInsideTheMountedSecret() {
        String location = (String) map(BY_KIND.get("ConfigMap").get("data")).get(Setting.PASS_SIGNING_KEY_LOCATION.environmentVariable());
        Map<String, Object> mount = list(container().get("volumeMounts")).stream().map(KubernetesManifestTest::map)
                .filter(m -> "signing-key".equals(m.get("name"))).findFirst().orElseThrow();
        assertTrue(location.startsWith(mount.get("mountPath") + "/"), location);
        Map<String, Object> podSpec = podSpec();
        Map<String, Object> volume = list(podSpec.get("volumes")).stream().map(KubernetesManifestTest::map)
                .filter(v -> "signing-key".equals(v.get("name"))).findFirst().orElseThrow();
        assertTrue(map(volume.get("secret")).containsKey("secretName"));
    }

    @Test
    void autoscalerAndBudgetTargetTheDeployment() {
        Map<String, Object> deployment = BY_KIND.get("Deployment");
        String name = (String) map(deployment.get("metadata")).get("name");
        assertEquals(name, map(map(BY_KIND.get("HorizontalPodAutoscaler").get("spec")).get("scaleTargetRef")).get("name"));
        Map<String, Object> podLabels = map(map(map(map(deployment.get("spec")).get("template")).get("metadata")).get("labels"));
        Map<String, Object> budgetSelector = map(map(map(BY_KIND.get("PodDisruptionBudget").get("spec")).get("selector")).get("matchLabels"));
        assertTrue(podLabels.entrySet().containsAll(budgetSelector.entrySet()));
        Map<String, Object> serviceSelector = map(map(BY_KIND.get("Service").get("spec")).get("selector"));
        assertTrue(podLabels.entrySet().containsAll(serviceSelector.entrySet()));
    }

    private static Set<String> environmentNames() {
        Set<String> names = new HashSet<>();
        for (Object entry : list(container().get("env"))) {
            names.add((String) map(entry).get("name"));
        }
        for (Object source : list(container().get("envFrom"))) {
            String configMap = (String) map(map(source).get("configMapRef")).get("name");
            assertEquals(map(BY_KIND.get("ConfigMap").get("metadata")).get("name"), configMap);
            names.addAll(map(BY_KIND.get("ConfigMap").get("data")).keySet());
        }
        return names;
    }

    private static String probePath(String probe) {
        Map<String, Object> httpGet = map(map(container().get(probe)).get("httpGet"));
        assertEquals("http", httpGet.get("port"));
        return (String) httpGet.get("path");
    }

    private static Map<String, Object> podSpec() {
        return map(map(map(BY_KIND.get("Deployment").get("spec")).get("template")).get("spec"));
    }

    private static Map<String, Object> container() {
        return map(list(podSpec().get("containers")).get(0));
    }

    private static Map<String, Object> load(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Yaml().load(reader);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value == null ? new ArrayList<>() : (List<Object>) value;
    }
}
