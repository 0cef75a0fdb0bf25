package cn.chengyu.pass.site;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;

/** A scenic site whose gates admit the card. */
@Entity
@Table(name = "site")
public class Site {

    @Id
    public String code;

    public String nameZh;
    public String nameEn;
    public String city;

    @Enumerated(EnumType.STRING)
    public Province province;

    public double latitude;
    public double longitude;

    /** Opening time of the first session, Asia/Shanghai local time. */
    public LocalTime opens;

    /** Closing time of the session that ends last (before opens: past midnight). */
    public LocalTime closes;

    /** The sum of its sessions' capacities. */
    public int dailyCapacity;

    @Enumerated(EnumType.STRING)
    public SiteStatus status;

    public OffsetDateTime updatedAt;

    /**
     * Its sessions, earliest first (stored by {@code SiteSessionRepository}); filled in by the reads of
     * {@code SiteService} that show them (list, findWithSessions) and by a PUT, empty otherwise.
     */
    @Transient
    public List<SiteSession> sessions = List.of();

    public List<Session> sessionRules() {
        return sessions.stream().map(SiteSession::rules).toList();
    }
}
