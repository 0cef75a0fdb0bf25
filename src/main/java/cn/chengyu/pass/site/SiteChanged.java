package cn.chengyu.pass.site;

/** A site was created or changed; whatever shows sites (cached itineraries) must not show the old one. */
public record SiteChanged(String code) {
}
