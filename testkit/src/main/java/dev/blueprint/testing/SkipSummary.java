package dev.blueprint.testing;

import java.util.Map;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints, once as the test JVM (a surefire or failsafe fork) exits, how many tests were skipped for a missing {@link Tool}:
 * {@code skipped 23 tests: no mosquitto binary (apt-get install mosquitto)}. A skipped container (a class
 * whose set-up found the tool missing) counts each of its tests. Registered for the JUnit Platform through
 * {@code META-INF/services}, so every module whose tests see the components' test-jar prints it.
 */
public final class SkipSummary implements TestExecutionListener {
    private final Map<String, Integer> skipped = new TreeMap<>();
    private TestPlan plan;
    private boolean hooked;

    private synchronized void mergeSkip(String reason, int tests) {
        skipped.merge(reason, tests, Integer::sum);
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (result.getStatus() != TestExecutionResult.Status.ABORTED) {
            return;
        }
        String reason = result.getThrowable().map(Throwable::getMessage).orElse("");
        for (Tool tool : Tool.values()) {
            if (reason.contains(tool.missingReason())) {
                long tests = id.isTest() ? 1 : plan.getDescendants(id).stream().filter(TestIdentifier::isTest).count();
                mergeSkip(tool.missingReason(), (int) Math.max(tests, 1));
                return;
            }
        }
    }

    /**
     * Surefire and failsafe start one test plan per class in a reused fork: the totals of the whole fork are
     * printed once, as it exits.
     */
    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (!skipped.isEmpty() && !hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(new Thread(this::print, "blueprint-skip-summary"));
        }
    }

    private synchronized void print() {
        skipped.forEach((reason, n) -> System.out.println("skipped " + n + (n == 1 ? " test: " : " tests: ") + reason));
        System.out.flush();
    }
}
