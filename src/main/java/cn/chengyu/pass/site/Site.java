package cn.chengyu.pass.site;

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

    public String nameZh;
    public String nameEn;
    public String city;

    @Enumerated(EnumType.STRING)
    public Province province;

    public double latitude;
    public double longitude;

    /** Opening time, Asia/Shanghai local time. */
    public LocalTime opens;

    /** Closing time, Asia/Shanghai local time. */
    public LocalTime closes;

    public int dailyCapacity;

    @Enumerated(EnumType.STRING)
    public SiteStatus status;

    public OffsetDateTime updatedAt;
}
