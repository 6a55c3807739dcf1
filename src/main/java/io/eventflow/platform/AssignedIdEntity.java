package io.eventflow.platform;

import java.util.UUID;

import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Transient;

import org.springframework.data.domain.Persistable;

/**
 * An entity whose id is assigned before insert (see {@link IdGenerator}): new until it is stored or loaded.
 * <p>
 * This tells Spring Data's {@code save} to persist or merge without asking the database. Its own check would
 * SELECT the id first, or, with a version column, read the version as a bean property, which the entities do not
 * expose: that threw and caught an exception on every save.
 */
@MappedSuperclass
public abstract class AssignedIdEntity implements Persistable<UUID> {

    @Transient
    private boolean fresh = true;

    @Override
    public boolean isNew() {
        return fresh;
    }

    @PostLoad
    @PostPersist
    void markStored() {
        fresh = false;
    }
}
