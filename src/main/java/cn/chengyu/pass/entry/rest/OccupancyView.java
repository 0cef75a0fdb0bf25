package cn.chengyu.pass.entry.rest;

import cn.chengyu.pass.entry.OccupancyLevel;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;

/** How many visitors a site admitted today against its capacity. */
@Schema(name = "Occupancy", description = "Admissions today (Asia/Shanghai) against the site's daily capacity")
public record OccupancyView(
        @Schema(description = "Site code", example = "cq-hongyadong") String site,
        @Schema(description = "The Asia/Shanghai business day", example = "2026-10-01") LocalDate date,
        @Schema(description = "Entries admitted on that day", example = "41250") long admitted,
        @Schema(description = "Daily capacity", example = "60000") long capacity,
        @Schema(description = "GREEN under 80 %, YELLOW from 80 %, ORANGE from 90 %, RED from 95 %") OccupancyLevel level) {
}
