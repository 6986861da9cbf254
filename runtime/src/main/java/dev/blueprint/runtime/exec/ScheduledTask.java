package dev.blueprint.runtime.exec;

/** A periodic task run on its component's thread between records. */
final class ScheduledTask {
    final long periodNanos;
    final Runnable task;
    long nextDue;

    ScheduledTask(long periodNanos, Runnable task, long now) {
        this.periodNanos = periodNanos;
        this.task = task;
        this.nextDue = now + periodNanos;
    }
}
