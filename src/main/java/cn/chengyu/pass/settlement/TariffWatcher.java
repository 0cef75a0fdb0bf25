package cn.chengyu.pass.settlement;

/** Told when a site's tariffs changed, once that committed; whatever holds them must drop its copy. */
public interface TariffWatcher {

    void tariffsChanged(String site);
}
