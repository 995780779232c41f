package dev.jrun.runtime;

/** A container as the store knows it: its fixed configuration and its last recorded state. */
public record Container(ContainerRecord record, ContainerState state) {
    public String id() {
        return record.id();
    }

    public String name() {
        return record.name();
    }
}
