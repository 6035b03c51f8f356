package io.resilienceradar.query.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/** The latest profile of a town; {@code body} is the TownProfile JSON as published. */
@Entity
@Table(name = "town_profile")
public class TownProfileRow extends PanacheEntityBase {
    @Id
    @Column(name = "town_code")
    public String townCode;
    @Column(name = "town_name")
    public String townName;
    public String region;
    public String country;
    @Column(name = "size_class")
    public String sizeClass;
    public boolean coastal;
    public long revision;
    @Column(name = "rulebook_version")
    public String rulebookVersion;
    @Column(name = "computed_at")
    public Instant computedAt;
    @JdbcTypeCode(SqlTypes.JSON)
    public String body;
}
