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

    /** Mean Earth radius (IUGG), km. */
    private static final double EARTH_RADIUS_KM = 6371.0088;

    /** The great-circle distance to {@code other} in kilometres (haversine). */
    public double distanceKm(GeoPoint other) {
        double dLat = Math.toRadians(other.lat - lat);
        double dLon = Math.toRadians(other.lon - lon);
        double a = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat)) * Math.cos(Math.toRadians(other.lat)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
    }
}
