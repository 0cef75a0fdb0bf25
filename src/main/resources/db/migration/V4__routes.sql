-- Cross-region routes: a draft being edited, and immutable published versions with their stops.

CREATE TABLE route (
    code               TEXT PRIMARY KEY CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(code) <= 60),
    owner_subject      TEXT        NOT NULL,
    status             TEXT        NOT NULL CHECK (status IN ('DRAFT', 'PUBLISHED', 'RETIRED')),
    published_version  INTEGER,
    -- the next version as the operator edits it: {theme, name, description, stops}, as JSON
    draft              TEXT        NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((status = 'DRAFT') = (published_version IS NULL))
);

CREATE TABLE route_version (
    route_code    TEXT        NOT NULL REFERENCES route (code),
    version       INTEGER     NOT NULL CHECK (version >= 1),
    theme         TEXT        NOT NULL,
    name_zh       TEXT        NOT NULL,
    name_en       TEXT        NOT NULL,
    description   TEXT        NOT NULL,
    published_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (route_code, version)
);

CREATE TABLE route_stop (
    route_code  TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    site_code   TEXT    NOT NULL REFERENCES site (code),
    day         INTEGER NOT NULL CHECK (day >= 1),
    note        TEXT,
    PRIMARY KEY (route_code, version, position),
    FOREIGN KEY (route_code, version) REFERENCES route_version (route_code, version)
);
CREATE INDEX route_stop_site_idx ON route_stop (site_code);

-- The launch routes, published by the card authority's own operator account.
INSERT INTO route (code, owner_subject, status, published_version, draft) VALUES
    ('liquor-culture', 'chengyu-pass-authority', 'PUBLISHED', 1,
     '{"theme":"LIQUOR_CULTURE","name":{"zh":"川渝白酒文化之旅","en":"Liquor Culture Route"},"description":"Chongqing to the baijiu heartland: the cellars of Luzhou and Yibin.","stops":[{"siteCode":"cq-hongyadong","day":1,"note":"Evening lights over the Jialing River"},{"siteCode":"lz-laojiao","day":2,"note":"The 1573 national-treasure cellars"},{"siteCode":"yb-wuliangye","day":3,"note":"Five-grain distillery"},{"siteCode":"yb-lizhuang","day":3,"note":"Riverside ancient town"}]}'),
    ('historical-culture', 'chengyu-pass-authority', 'PUBLISHED', 1,
     '{"theme":"HISTORICAL_CULTURE","name":{"zh":"巴蜀历史文化之旅","en":"Historical Culture Route"},"description":"From old Chongqing through Three Kingdoms Chengdu to Li Bai''s hometown.","stops":[{"siteCode":"cq-ciqikou","day":1,"note":"Porcelain-port old town"},{"siteCode":"cd-wuhouci","day":2,"note":"Shrine of Zhuge Liang"},{"siteCode":"cd-dufu","day":2,"note":"The poet''s thatched cottage"},{"siteCode":"cd-kuanzhai","day":2,"note":"Qing-dynasty alleys"},{"siteCode":"my-libai","day":3,"note":"Birthplace of Li Bai"}]}');

INSERT INTO route_version (route_code, version, theme, name_zh, name_en, description, published_at) VALUES
    ('liquor-culture', 1, 'LIQUOR_CULTURE', '川渝白酒文化之旅', 'Liquor Culture Route',
     'Chongqing to the baijiu heartland: the cellars of Luzhou and Yibin.', now()),
    ('historical-culture', 1, 'HISTORICAL_CULTURE', '巴蜀历史文化之旅', 'Historical Culture Route',
     'From old Chongqing through Three Kingdoms Chengdu to Li Bai''s hometown.', now());

INSERT INTO route_stop (route_code, version, position, site_code, day, note) VALUES
    ('liquor-culture', 1, 1, 'cq-hongyadong', 1, 'Evening lights over the Jialing River'),
    ('liquor-culture', 1, 2, 'lz-laojiao', 2, 'The 1573 national-treasure cellars'),
    ('liquor-culture', 1, 3, 'yb-wuliangye', 3, 'Five-grain distillery'),
    ('liquor-culture', 1, 4, 'yb-lizhuang', 3, 'Riverside ancient town'),
    ('historical-culture', 1, 1, 'cq-ciqikou', 1, 'Porcelain-port old town'),
    ('historical-culture', 1, 2, 'cd-wuhouci', 2, 'Shrine of Zhuge Liang'),
    ('historical-culture', 1, 3, 'cd-dufu', 2, 'The poet''s thatched cottage'),
    ('historical-culture', 1, 4, 'cd-kuanzhai', 2, 'Qing-dynasty alleys'),
    ('historical-culture', 1, 5, 'my-libai', 3, 'Birthplace of Li Bai');
