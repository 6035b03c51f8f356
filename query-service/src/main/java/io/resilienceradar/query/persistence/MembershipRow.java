package io.resilienceradar.query.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;

/** A town's membership of one characteristic in its latest profile: what the list filters and counts use. */
@Entity
@Table(name = "town_membership")
@IdClass(MembershipRow.Key.class)
public class MembershipRow extends PanacheEntityBase {
    @Id
    @Column(name = "town_code")
    public String townCode;
    @Id
    @Column(name = "characteristic_id")
    public String characteristicId;
    public String letter;
    public String membership;
    @Column(name = "criteria_met")
    public int criteriaMet;

    public record Key(String townCode, String characteristicId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
