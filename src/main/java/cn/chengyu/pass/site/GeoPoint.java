package cn.chengyu.pass.site;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A WGS 84 position. */
@Schema(description = "A WGS 84 position")
public record GeoPoint(
        @Schema(description = "Latitude in degrees", example = "29.5632", required = true)
        @NotNull @DecimalMin("-90") @DecimalMax("90") Double lat,
        @Schema(description = "Longitude in degrees", example = "106.5792", required = true)
        @NotNull @DecimalMin("-180") @DecimalMax("180") Double lon) {
}
