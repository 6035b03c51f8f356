package io.resilienceradar.query.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.UUID;

/** A webhook subscription; {@code filter} is the JSON of a SubscriptionFilter. */
@Entity
@Table(name = "subscription")
public class SubscriptionRow extends PanacheEntityBase {
    public static final String ACTIVE = "ACTIVE";
    public static final String DISABLED = "DISABLED";

    @Id
    public UUID id;
    public String owner;
    @Column(name = "callback_url")
    public String callbackUrl;
    public String secret;
    @JdbcTypeCode(SqlTypes.JSON)
    public String filter;
    public String description;
    public String status;
    @Column(name = "disabled_reason")
    public String disabledReason;
    @Column(name = "consecutive_failures")
    public int consecutiveFailures;
    @Column(name = "created_at")
    public Instant createdAt;
}
