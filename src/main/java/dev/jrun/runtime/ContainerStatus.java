package dev.jrun.runtime;

import dev.jrun.JrunException;

/** A container's lifecycle, with docker's names; guards say which transitions are allowed. */
public enum ContainerStatus {
    CREATED("created"), RUNNING("running"), PAUSED("paused"), EXITED("exited"), REMOVING("removing");

    private final String dockerName;

    ContainerStatus(String dockerName) {
        this.dockerName = dockerName;
    }

    public String dockerName() {
        return dockerName;
    }

    public boolean canStart() {
        return this == CREATED || this == EXITED;
    }

    public boolean isActive() {
        return this == RUNNING || this == PAUSED;
    }

    public void requireRemovable(String name, boolean force) {
        if (isActive() && !force) {
            throw new JrunException("cannot remove container " + name + ": container is " + dockerName
                    + ": stop the container before removing or force remove");
        }
    }
}
