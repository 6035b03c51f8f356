package io.resilienceradar.ingest.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** The watcher's memory of one feed: validators for conditional requests, progress, errors and backoff. */
@Entity
@Table(name = "watch_feed")
public class WatchFeedEntity extends PanacheEntityBase {
    @Id
    public String name;
    public String etag;
    @Column(name = "last_modified")
    public String lastModified;
    @Column(name = "last_checked")
    public OffsetDateTime lastChecked;
    @Column(name = "last_success")
    public OffsetDateTime lastSuccess;
    @Column(name = "last_version")
    public Integer lastVersion;
    @Column(name = "last_error")
    public String lastError;
    public int failures;
    @Column(name = "next_due")
    public OffsetDateTime nextDue;
}
