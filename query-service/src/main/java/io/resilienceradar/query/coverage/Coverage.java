package io.resilienceradar.query.coverage;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * The coverage report: how much of the rulebook in force the materialised latest profiles can evaluate, and how
 * our sizes compare with the 2020 report's. Computed by {@link CoverageService}; shares are fractions (0-1).
 */
@Schema(description = "Coverage of the rulebook in force by the latest town profiles, beside the 2020 report's sizes")
public record Coverage(
        @Schema(description = "version of the rulebook in force") String rulebookVersion,
        Instant rulebookPublishedAt,
        @Schema(description = "latest computedAt among the profiles") Instant profilesAsOf,
        Towns towns,
        Summary summary,
        @Schema(description = "the report the sizes are compared with") String reportSource,
        List<CharacteristicCoverage> characteristics) {

    /**
     * @param england         towns whose country contains "England" (the cross-border town counts in both)
     * @param wales           towns whose country contains "Wales"
     * @param onOtherRulebook towns whose latest profile was computed under another rulebook version
     */
    @Schema(name = "CoverageTowns")
    public record Towns(long total, long england, long wales, long onOtherRulebook) {
    }

    /**
     * @param criteriaWithData            criteria "on a real series": at least one town has a value for it
     * @param evaluableForEnglishTowns    characteristics evaluable (not insufficient data) for at least
     *                                    {@code evaluableThreshold} of English towns
     * @param completeTowns               towns with no characteristic of the rulebook in insufficient data
     * @param meanFullPerTown             full memberships per town, over all towns
     * @param meanFullPerCompleteTown     full memberships per town, over the complete towns
     * @param townsInNone                 complete towns with no full membership (known to hold none)
     * @param townsWithoutFull            towns with no full membership, insufficient data or not (upper bound)
     */
    @Schema(name = "CoverageSummary")
    public record Summary(
            int criteria, int criteriaWithData, int criteriaTarget, boolean criteriaTargetMet,
            int characteristics, double evaluableThreshold, int evaluableForEnglishTowns,
            List<String> evaluableLetters, int evaluableTarget, boolean evaluableTargetMet,
            long completeTowns,
            @JsonInclude(JsonInclude.Include.ALWAYS) Double meanFullPerTown,
            @JsonInclude(JsonInclude.Include.ALWAYS) Double meanFullPerCompleteTown,
            long townsInNone, long townsWithoutFull,
            @Schema(description = "towns in the report (862)") int reportTowns,
            @Schema(description = "the report's mean characteristics per town (3.17)") double reportMeanPerTown,
            @Schema(description = "the report's towns in no characteristic (50)") int reportTownsInNone) {
    }

    /**
     * @param townsEvaluable        towns whose membership is not insufficient data (full, partial or none)
     * @param evaluableShareEngland townsEvaluable among English towns ÷ English towns
     * @param reportSize            the report's full members (862 towns); null where it gives none
     * @param reportSizeScaled      reportSize × towns.total ÷ 862
     * @param note                  why ours differs (coverage-notes.properties, by letter)
     */
    public record CharacteristicCoverage(
            String id, String letter, String name, boolean provisional,
            List<CriterionCoverage> criteria, int criteriaWithData, List<String> missingCriteria,
            long townsEvaluable,
            @JsonInclude(JsonInclude.Include.ALWAYS) Double evaluableShareEngland,
            @JsonInclude(JsonInclude.Include.ALWAYS) Double evaluableShareWales,
            long full, long partial, long none, long insufficient,
            @JsonInclude(JsonInclude.Include.ALWAYS) Integer reportSize,
            @JsonInclude(JsonInclude.Include.ALWAYS) Double reportSizeScaled,
            String note) {
    }

    /**
     * @param townsWithValue towns whose latest evidence for the criterion has a value
     * @param hasData        townsWithValue > 0: the criterion is on a real series
     * @param series         the indicators that supplied values (a Welsh substitute shows up here)
     * @param releases       the releases ({@code dataset/edition/version}) that supplied values
     * @param periods        the periods of those values
     */
    public record CriterionCoverage(
            String id, String label, String indicator, String comparison, String assumption,
            long townsWithValue, boolean hasData, List<String> series, List<String> releases, List<String> periods) {
    }
}
