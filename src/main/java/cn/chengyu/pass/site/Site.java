package cn.chengyu.pass.site;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.LocalTime;
import java.time.OffsetDateTime;

/** A scenic site whose gates admit the card. */
@Entity
@Table(name = "site")
public class Site {

    @Id
    public String code;

    @Column(name = "name_zh", nullable = false)
    public String nameZh;

    @Column(name = "name_en", nullable = false)
    public String nameEn;

    @Column(nullable = false)
    public String city;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Province province;

    @Column(nullable = false)
    public double latitude;

    @Column(nullable = false)
    public double longitude;

    /** Opening time, Asia/Shanghai local time. */
    @Column(nullable = false)
    public LocalTime opens;

    /** Closing time, Asia/Shanghai local time. */
    @Column(nullable = false)
    public LocalTime closes;

    @Column(name = "daily_capacity", nullable = false)
    public int dailyCapacity;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public SiteStatus status;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
