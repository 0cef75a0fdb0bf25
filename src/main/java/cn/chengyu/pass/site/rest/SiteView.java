package cn.chengyu.pass.site.rest;

import cn.chengyu.pass.site.GeoPoint;
import cn.chengyu.pass.site.OpeningHours;
import cn.chengyu.pass.site.Province;
import cn.chengyu.pass.site.Session;
import cn.chengyu.pass.site.Site;
import cn.chengyu.pass.site.SiteStatus;
import cn.chengyu.pass.web.Codes;
import cn.chengyu.pass.web.LocalizedName;
import cn.chengyu.pass.web.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalTime;
import java.util.List;

/** A site as clients see it; {@code PUT /sites/{code}} takes the same shape. */
@Schema(name = "Site", description = "A scenic site whose gates admit the card")
public record SiteView(
        @Schema(description = "Site code: lower-case words joined by '-'; optional in a PUT body, where it must match the path",
                example = "cq-hongyadong")
        @Pattern(regexp = Codes.PATTERN) @Size(max = 40)
        String code,
        @Schema(description = "Name in Chinese and English", required = true)
        @NotNull @Valid
        LocalizedName name,
        @Schema(description = "City", example = "Chongqing", required = true)
        @NotBlank @Size(max = 60)
        String city,
        @Schema(description = "Province-level division", required = true)
        @NotNull
        Province province,
        @Schema(description = "Where the main gate stands (WGS 84)", required = true)
        @NotNull @Valid
        GeoPoint location,
        @Schema(description = "Daily opening hours in Asia/Shanghai local time; with sessions, their span (taken from them in a PUT)",
                required = true)
        @NotNull @Valid
        OpeningHours openingHours,
        @Schema(description = "Admissions allowed per Asia/Shanghai day; with sessions, the sum of theirs (taken from them in a PUT)",
                example = "60000", required = true)
        @NotNull @Min(0) @Max(1_000_000)
        Integer dailyCapacity,
        @Schema(description = "OPEN, or CLOSED to refuse all entries", required = true)
        @NotNull
        SiteStatus status,
        @Schema(description = "1 to 6 daily sessions that do not overlap, earliest first. Left out of a PUT, the site has one "
                + "session 'day' from its opening hours and daily capacity, with reservation OPTIONAL.")
        @Size(min = 1, max = Session.MOST)
        List<@NotNull @Valid SessionView> sessions) {

    /** The site this body describes, stored under {@code code} (the body's code, if any, must match it). */
    public Site toSite(String code) {
        if (this.code != null && !this.code.equals(code)) {
            throw ProblemException.invalidField("code", "must match the code in the path");
        }
        Site site = new Site();
        site.code = code;
        site.nameZh = name.zh().strip();
        site.nameEn = name.en().strip();
        site.city = city.strip();
        site.province = province;
        site.latitude = location.lat();
        site.longitude = location.lon();
        site.opens = LocalTime.parse(openingHours.opens());
        site.closes = LocalTime.parse(openingHours.closes());
        site.dailyCapacity = dailyCapacity;
        site.status = status;
        site.sessions = sessions == null ? List.of() : sessions.stream().map(session -> session.toSession(code)).toList();
        return site;
    }

    public static SiteView of(Site site) {
        return new SiteView(site.code, new LocalizedName(site.nameZh, site.nameEn), site.city, site.province,
                new GeoPoint(site.latitude, site.longitude),
                OpeningHours.of(site.opens, site.closes),
                site.dailyCapacity, site.status, site.sessions.stream().map(SessionView::of).toList());
    }
}
