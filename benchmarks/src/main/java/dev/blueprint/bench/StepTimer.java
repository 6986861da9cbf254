package dev.blueprint.bench;

/** The timing of a benchmark's measured step, started after any preloading (one step at a time). */
final class StepTimer {
    private static long start;
    private static long elapsed;

    private StepTimer() {
    }

    static void reset() {
        elapsed = 0;
    }

    static void start() {
        start = System.nanoTime();
    }

    static void stop() {
        elapsed = System.nanoTime() - start;
    }

    static long elapsedNanos() {
        return elapsed;
    }
}
