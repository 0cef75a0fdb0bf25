package cn.chengyu.pass.site;

import io.smallrye.mutiny.Uni;

/**
 * Told when a site was created or changed, once that committed; whatever shows sites (cached
 * itineraries) must not show the old one. The change is answered only after every watcher's Uni.
 */
public interface SiteWatcher {

    Uni<Void> siteChanged(String code);
}
