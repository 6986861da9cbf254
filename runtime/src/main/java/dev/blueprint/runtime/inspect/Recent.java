package dev.blueprint.runtime.inspect;

import java.util.ArrayList;
import java.util.List;

/** The last {@code capacity} items added, oldest first; thread-safe. */
final class Recent<T> {
    private final Object[] items;
    private long added;

    Recent(int capacity) {
        this.items = new Object[capacity];
    }

    synchronized void add(T item) {
        items[(int) (added++ % items.length)] = item;
    }

    @SuppressWarnings("unchecked")
    synchronized List<T> snapshot() {
        int n = (int) Math.min(added, items.length);
        List<T> out = new ArrayList<>(n);
        for (long i = added - n; i < added; i++) {
            out.add((T) items[(int) (i % items.length)]);
        }
        return out;
    }
}
