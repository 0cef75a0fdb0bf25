package floor;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** One periodic job, so that the scheduler starts as the service's does. */
@ApplicationScoped
public class Tick {

    @Scheduled(every = "1h")
    void tick() {
    }
}
