package cn.chengyu.pass.embedded;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Stops servers left running by a service that crashed (SIGKILL leaves no chance to run shutdown
 * hooks), found by the pid file in their data directory, so the next start reuses the data.
 */
final class StaleProcesses {

    private static final Logger LOG = Logger.getLogger(StaleProcesses.class);
    private static final Duration GRACE = Duration.ofSeconds(15);

    private StaleProcesses() {
    }

    static void stopPostgresOf(Path dataDirectory) {
        stop(dataDirectory.resolve("postmaster.pid"), "postgres", "INT");
    }

    static void stopRedisOf(Path dataDirectory) {
        stop(dataDirectory.resolve(EmbeddedRedisServer.PID_FILE), "redis-server", "TERM");
    }

    private static void stop(Path pidFile, String command, String signal) {
        Optional<ProcessHandle> stale = readPid(pidFile)
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().map(c -> c.contains(command)).orElse(false));
        if (stale.isEmpty()) {
            return;
        }
        ProcessHandle process = stale.get();
        LOG.infof("Stopping a %s left running by an earlier start (pid %d)", command, process.pid());
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
            process.onExit().get(GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // the server rewrites it on start
        }
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
