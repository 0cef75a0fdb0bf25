-- Card types and scenic sites of the launch catalog.

CREATE TABLE product (
    code                    TEXT PRIMARY KEY,
    name_zh                 TEXT    NOT NULL,
    name_en                 TEXT    NOT NULL,
    validity_hours          INTEGER NOT NULL CHECK (validity_hours > 0),
    activation_window_days  INTEGER NOT NULL CHECK (activation_window_days > 0),
    site_limit              TEXT    NOT NULL CHECK (site_limit IN ('ONCE_PER_SITE_PER_DAY', 'ONCE_PER_SITE')),
    price_fen               INTEGER NOT NULL CHECK (price_fen >= 0)
);

INSERT INTO product (code, name_zh, name_en, validity_hours, activation_window_days, site_limit, price_fen) VALUES
    ('ANNUAL',   '成渝文旅年卡',     'Chengdu–Chongqing Annual Card', 8760, 180, 'ONCE_PER_SITE_PER_DAY', 29800),
    ('PASS_72H', '成渝文旅72小时通票', 'Chengdu–Chongqing 72-Hour Pass',  72, 180, 'ONCE_PER_SITE',          19800);

CREATE TABLE site (
    code            TEXT PRIMARY KEY CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(code) <= 40),
    name_zh         TEXT             NOT NULL,
    name_en         TEXT             NOT NULL,
    city            TEXT             NOT NULL,
    province        TEXT             NOT NULL CHECK (province IN ('CHONGQING', 'SICHUAN')),
    latitude        DOUBLE PRECISION NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude       DOUBLE PRECISION NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    opens           TIME             NOT NULL,
    closes          TIME             NOT NULL,
    daily_capacity  INTEGER          NOT NULL CHECK (daily_capacity >= 0),
    status          TEXT             NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
    updated_at      TIMESTAMPTZ      NOT NULL DEFAULT now()
);

CREATE INDEX site_city_idx ON site (city);
CREATE INDEX site_province_idx ON site (province);

INSERT INTO site (code, name_zh, name_en, city, province, latitude, longitude, opens, closes, daily_capacity, status) VALUES
    ('cq-hongyadong', '洪崖洞',         'Hongya Cave',                 'Chongqing', 'CHONGQING', 29.5632, 106.5792, '09:00', '23:00', 60000, 'OPEN'),
    ('cq-ciqikou',    '磁器口古镇',      'Ciqikou Ancient Town',        'Chongqing', 'CHONGQING', 29.5817, 106.4495, '09:00', '22:00', 50000, 'OPEN'),
    ('cq-dazu',       '大足石刻',        'Dazu Rock Carvings',          'Chongqing', 'CHONGQING', 29.7503, 105.7947, '08:30', '18:00', 20000, 'OPEN'),
    ('cd-kuanzhai',   '宽窄巷子',        'Kuanzhai Alley',              'Chengdu',   'SICHUAN',   30.6697, 104.0559, '09:00', '22:00', 60000, 'OPEN'),
    ('cd-wuhouci',    '武侯祠',          'Wuhou Shrine',                'Chengdu',   'SICHUAN',   30.6463, 104.0480, '09:00', '18:00', 25000, 'OPEN'),
    ('cd-dufu',       '杜甫草堂',        'Du Fu Thatched Cottage',      'Chengdu',   'SICHUAN',   30.6599, 104.0287, '08:00', '18:00', 15000, 'OPEN'),
    ('my-libai',      '李白故里',        'Li Bai''s Hometown',          'Mianyang',  'SICHUAN',   31.6988, 104.8127, '08:30', '17:30', 12000, 'OPEN'),
    ('lz-laojiao',    '泸州老窖旅游区',   'Luzhou Laojiao Tourist Area', 'Luzhou',    'SICHUAN',   28.8963, 105.4382, '09:00', '17:30', 10000, 'OPEN'),
    ('yb-wuliangye',  '五粮液旅游区',     'Wuliangye Tourist Area',      'Yibin',     'SICHUAN',   28.7956, 104.5948, '09:00', '17:00',  8000, 'OPEN'),
    ('yb-lizhuang',   '李庄古镇',        'Lizhuang Ancient Town',       'Yibin',     'SICHUAN',   28.8112, 104.7731, '08:30', '18:00', 15000, 'OPEN');

-- Admissions per site and Asia/Shanghai business day; gates raise it with a
-- conditional UPDATE so capacity holds across replicas.
CREATE TABLE site_day_admissions (
    site_code   TEXT    NOT NULL REFERENCES site (code),
    day         DATE    NOT NULL,
    admitted    INTEGER NOT NULL DEFAULT 0 CHECK (admitted >= 0),
    PRIMARY KEY (site_code, day)
);
