package cn.chengyu.pass.route;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A route as its operator owns it: the draft being edited and the number of the live version. */
@Entity
@Table(name = "route")
public class Route {

    @Id
    public String code;

    @Column(name = "owner_subject", nullable = false)
    public String ownerSubject;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RouteStatus status;

    @Column(name = "published_version")
    public Integer publishedVersion;

    /** The next version, as the operator edits it (stored as JSON). */
    @Column(nullable = false)
    @Convert(converter = RouteContentJson.class)
    public RouteContent draft;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
