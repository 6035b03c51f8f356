package io.resilienceradar.scoring.domain;

import java.util.AbstractMap;
import java.util.Comparator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable resolved series with one period: most towns' series have one, and a {@link TreeMap} with one entry
 * costs ~56 bytes more (200,000 towns × 100 indicators: ~1.1 GB). The engine reads it through {@code get},
 * {@code lastEntry}, {@code lastKey}, iteration and {@code equals}; the rest of {@link NavigableMap} goes through a
 * TreeMap copy.
 */
final class OnePeriod extends AbstractMap<String, Val> implements NavigableMap<String, Val> {
    private final String period;
    private final Val value;

    OnePeriod(String period, Val value) {
        this.period = period;
        this.value = value;
    }

    /** {@code m} itself, or a {@link OnePeriod} when it holds exactly one period. */
    static NavigableMap<String, Val> compact(NavigableMap<String, Val> m) {
        if (m.size() != 1) {
            return m;
        }
        Map.Entry<String, Val> e = m.firstEntry();
        return new OnePeriod(e.getKey(), e.getValue());
    }

    private TreeMap<String, Val> tree() {
        TreeMap<String, Val> t = new TreeMap<>();
        t.put(period, value);
        return t;
    }

    private Map.Entry<String, Val> entry() {
        return new AbstractMap.SimpleImmutableEntry<>(period, value);
    }

    @Override
    public Set<Entry<String, Val>> entrySet() {
        return Set.of(entry());
    }

    @Override
    public int size() {
        return 1;
    }

    @Override
    public boolean isEmpty() {
        return false;
    }

    @Override
    public Val get(Object key) {
        return period.equals(key) ? value : null;
    }

    @Override
    public boolean containsKey(Object key) {
        return period.equals(key);
    }

    @Override
    public Entry<String, Val> firstEntry() {
        return entry();
    }

    @Override
    public Entry<String, Val> lastEntry() {
        return entry();
    }

    @Override
    public String firstKey() {
        return period;
    }

    @Override
    public String lastKey() {
        return period;
    }

    @Override
    public Comparator<? super String> comparator() {
        return null;
    }

    @Override
    public Entry<String, Val> lowerEntry(String key) {
        return tree().lowerEntry(key);
    }

    @Override
    public String lowerKey(String key) {
        return tree().lowerKey(key);
    }

    @Override
    public Entry<String, Val> floorEntry(String key) {
        return tree().floorEntry(key);
    }

    @Override
    public String floorKey(String key) {
        return tree().floorKey(key);
    }

    @Override
    public Entry<String, Val> ceilingEntry(String key) {
        return tree().ceilingEntry(key);
    }

    @Override
    public String ceilingKey(String key) {
        return tree().ceilingKey(key);
    }

    @Override
    public Entry<String, Val> higherEntry(String key) {
        return tree().higherEntry(key);
    }

    @Override
    public String higherKey(String key) {
        return tree().higherKey(key);
    }

    @Override
    public Entry<String, Val> pollFirstEntry() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Entry<String, Val> pollLastEntry() {
        throw new UnsupportedOperationException();
    }

    @Override
    public NavigableMap<String, Val> descendingMap() {
        return java.util.Collections.unmodifiableNavigableMap(tree().descendingMap());
    }

    @Override
    public NavigableSet<String> navigableKeySet() {
        return java.util.Collections.unmodifiableNavigableSet(tree().navigableKeySet());
    }

    @Override
    public NavigableSet<String> descendingKeySet() {
        return java.util.Collections.unmodifiableNavigableSet(tree().descendingKeySet());
    }

    @Override
    public NavigableMap<String, Val> subMap(String from, boolean fromInclusive, String to, boolean toInclusive) {
        return java.util.Collections.unmodifiableNavigableMap(tree().subMap(from, fromInclusive, to, toInclusive));
    }

    @Override
    public NavigableMap<String, Val> headMap(String to, boolean inclusive) {
        return java.util.Collections.unmodifiableNavigableMap(tree().headMap(to, inclusive));
    }

    @Override
    public NavigableMap<String, Val> tailMap(String from, boolean inclusive) {
        return java.util.Collections.unmodifiableNavigableMap(tree().tailMap(from, inclusive));
    }

    @Override
    public SortedMap<String, Val> subMap(String from, String to) {
        return subMap(from, true, to, false);
    }

    @Override
    public SortedMap<String, Val> headMap(String to) {
        return headMap(to, false);
    }

    @Override
    public SortedMap<String, Val> tailMap(String from) {
        return tailMap(from, true);
    }
}
