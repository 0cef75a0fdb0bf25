package cn.chengyu.pass.route;

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

    public String ownerSubject;

    @Enumerated(EnumType.STRING)
    public RouteStatus status;

    public Integer publishedVersion;

    /** The next version, as the operator edits it (stored as JSON). */
    @Convert(converter = RouteContentJson.class)
    public RouteContent draft;

    public Instant createdAt;
    public Instant updatedAt;
}
