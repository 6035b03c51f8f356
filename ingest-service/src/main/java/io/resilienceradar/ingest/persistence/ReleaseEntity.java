package io.resilienceradar.ingest.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;

/** A release's own record: metadata (JSON of ReleaseMetadata), status, checksum and where its content is staged. */
@Entity
@Table(name = "release")
public class ReleaseEntity extends PanacheEntityBase {
    public static final String ACCEPTED = "ACCEPTED";
    public static final String PUBLISHED = "PUBLISHED";
    public static final String REJECTED = "REJECTED";
    public static final String FAILED = "FAILED";

    @Id
    public String id;
    @Column(name = "dataset_id")
    public String datasetId;
    public String edition;
    public int version;
    public String status;
    public String format;
    public String metadata;
    public String checksum;
    public Long observations;
    public Integer batches;
    @Column(name = "spool_path")
    public String spoolPath;
    /** CRC32C of the spool file and its number of batches, re-checked by the relay before it seals. */
    @Column(name = "spool_digest")
    public Long spoolDigest;
    @Column(name = "staged_batches")
    public Integer stagedBatches;
    /**
     * A small release's staged content, kept here instead of a spool file (spoolPath is then null) until it is
     * published: one commit makes it durable. Lazy: lists of releases never need it.
     */
    @Basic(fetch = FetchType.LAZY)
    @Column(name = "staged_content")
    public byte[] stagedContent;
    public String report;
    public String origin;
    @Column(name = "received_at")
    public OffsetDateTime receivedAt;
    @Column(name = "accepted_at")
    public OffsetDateTime acceptedAt;
    @Column(name = "published_at")
    public OffsetDateTime publishedAt;

    /** Where the staged content is: the spool file, or the bytes kept in this row. */
    public Spool.Location staged() {
        return new Spool.Location(spoolPath == null ? null : Path.of(spoolPath), stagedContent);
    }

    public static List<ReleaseEntity> ofDataset(String datasetId) {
        return list("datasetId = ?1 order by edition, version", datasetId);
    }

    /** Highest version accepted (or published) for a dataset edition; 0 when none. */
    public static int maxAcceptedVersion(String datasetId, String edition) {
        Integer v = getEntityManager().createQuery("select max(r.version) from ReleaseEntity r where r.datasetId = ?1"
                        + " and r.edition = ?2 and r.status in ('ACCEPTED', 'PUBLISHED')", Integer.class)
                .setParameter(1, datasetId).setParameter(2, edition).getSingleResult();
        return v == null ? 0 : v;
    }

    public static List<ReleaseEntity> unpublished() {
        return list("status = ?1 order by acceptedAt", ACCEPTED);
    }
}
