package io.resilienceradar.query.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.io.Serializable;
import java.time.Instant;

/** A town's profile at one revision, kept for time travel. */
@Entity
@Table(name = "profile_snapshot")
@IdClass(SnapshotRow.Key.class)
public class SnapshotRow extends PanacheEntityBase {
    @Id
    @Column(name = "town_code")
    public String townCode;
    @Id
    public long revision;
    @Column(name = "computed_at")
    public Instant computedAt;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "caused_by")
    public String causedBy;
    @JdbcTypeCode(SqlTypes.JSON)
    public String body;

    public record Key(String townCode, long revision) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }
}
