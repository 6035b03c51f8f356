package io.resilienceradar.query.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/** A published rulebook; the latest by {@code publishedAt} is in force. */
@Entity
@Table(name = "rulebook")
public class RulebookRow extends PanacheEntityBase {
    @Id
    public String version;
    @Column(name = "published_at")
    public Instant publishedAt;
    @JdbcTypeCode(SqlTypes.JSON)
    public String body;

    public static RulebookRow current() {
        return RulebookRow.<RulebookRow>find("order by publishedAt desc").firstResult();
    }
}
