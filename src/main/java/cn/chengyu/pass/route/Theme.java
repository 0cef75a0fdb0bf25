package cn.chengyu.pass.route;

/** What a route is about. */
public enum Theme {
    LIQUOR_CULTURE,
    HISTORICAL_CULTURE,
    FOOD_CULTURE,
    NATURE
}
