package cn.chengyu.pass.site;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.LocalTime;
import java.util.Objects;

/** A session of a site as the catalog stores it; {@link Session} is what the rules read. */
@Entity
@Table(name = "site_session")
@IdClass(SiteSession.Key.class)
public class SiteSession {

    @Id
    public String siteCode;

    @Id
    public String code;

    public String nameZh;
    public String nameEn;
    public LocalTime opens;
    public LocalTime closes;
    public int capacity;

    @Enumerated(EnumType.STRING)
    public ReservationRule reservation;

    public Session rules() {
        return new Session(code, opens, closes, capacity, reservation);
    }

    /** The primary key: site and session code. */
    public static class Key implements Serializable {
        public String siteCode;
        public String code;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(siteCode, key.siteCode) && Objects.equals(code, key.code);
        }

        @Override
        public int hashCode() {
            return Objects.hash(siteCode, code);
        }
    }
}
