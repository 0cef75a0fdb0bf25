package cn.chengyu.pass.product;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A card type: how long a card stays valid once activated and how often it may enter a site. */
@Entity
@Table(name = "product")
public class Product {

    @Id
    public String code;

    @Column(name = "name_zh", nullable = false)
    public String nameZh;

    @Column(name = "name_en", nullable = false)
    public String nameEn;

    /** Validity from the first admitted entry. */
    @Column(name = "validity_hours", nullable = false)
    public int validityHours;

    /** Days after issue within which the card must be activated. */
    @Column(name = "activation_window_days", nullable = false)
    public int activationWindowDays;

    @Enumerated(EnumType.STRING)
    @Column(name = "site_limit", nullable = false)
    public SiteLimit siteLimit;

    /** Price in fen (1/100 yuan). */
    @Column(name = "price_fen", nullable = false)
    public int priceFen;
}
