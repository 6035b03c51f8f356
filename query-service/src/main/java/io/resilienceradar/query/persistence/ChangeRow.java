package io.resilienceradar.query.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Generated;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/** One transition, as received; {@code body} is the CharacteristicChanged JSON. */
@Entity
@Table(name = "characteristic_change")
public class ChangeRow extends PanacheEntityBase {
    @Id
    @Column(name = "event_id")
    public String eventId;
    /** Arrival order, assigned by the database. */
    @Generated
    @Column(insertable = false, updatable = false)
    public Long seq;
    @Column(name = "town_code")
    public String townCode;
    @Column(name = "town_name")
    public String townName;
    public String region;
    @Column(name = "characteristic_id")
    public String characteristicId;
    public String letter;
    public String transition;
    public String previous;
    public String current;
    @Column(name = "profile_revision")
    public long profileRevision;
    @Column(name = "rulebook_version")
    public String rulebookVersion;
    @Column(name = "occurred_at")
    public Instant occurredAt;
    @JdbcTypeCode(SqlTypes.JSON)
    public String body;
}
