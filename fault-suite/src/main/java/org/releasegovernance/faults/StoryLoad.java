package org.releasegovernance.faults;

import org.releasegovernance.local.Story;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The steady load: concurrent committees, each playing {@link Story} after story on releases of its own through a
 * {@link RetryingClient}, until told to stop (a story in progress stops before its next decision).
 */
final class StoryLoad implements AutoCloseable {

    /** One decision a client took, and how it ended. */
    record Taken(String releaseId, int step, Story.Decision decision, RetryingClient.Outcome outcome) {
    }

    private static final Duration THINK_TIME = Duration.ofMillis(25);

    private final Queue<Taken> taken = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> committees = new ArrayList<>();

    private StoryLoad() {
    }

    /**
     * @param releasePrefix what this load's release ids start with
     * @param clients       concurrent committees
     */
    static StoryLoad start(RetryingClient client, String releasePrefix, int clients) {
        StoryLoad load = new StoryLoad();
        for (int c = 0; c < clients; c++) {
            String prefix = releasePrefix + "-c" + c + "-";
            Thread committee = new Thread(() -> load.playStories(client, prefix), "committee-" + c);
            committee.setDaemon(true);
            load.committees.add(committee);
            committee.start();
        }
        return load;
    }

    /** Stops the load and waits for every client's decision in flight (each bounded by the client's patience). */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread committee : committees) {
            committee.join();
        }
    }

    List<Taken> taken() {
        return List.copyOf(taken);
    }

    private void playStories(RetryingClient client, String prefix) {
        try {
            for (int n = 0; running.get(); n++) {
                playStory(client, prefix + n);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void playStory(RetryingClient client, String releaseId) throws InterruptedException {
        List<Story.Decision> story = Story.of(releaseId);
        for (int step = 0; step < story.size() && running.get(); step++) {
            RetryingClient.Outcome outcome = client.decide(story.get(step));
            taken.add(new Taken(releaseId, step, story.get(step), outcome));
            if (outcome.result() == RetryingClient.Result.REJECTED
                    || outcome.result() == RetryingClient.Result.GAVE_UP) {
                return;
            }
            Thread.sleep(THINK_TIME.toMillis());
        }
    }
}
