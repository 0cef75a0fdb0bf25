package cn.chengyu.pass.route;

/** A route's place in publishing: never published, live, or withdrawn from public reads. */
public enum RouteStatus {
    DRAFT,
    PUBLISHED,
    RETIRED
}
