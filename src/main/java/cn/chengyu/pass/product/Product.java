package cn.chengyu.pass.product;

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

    public String nameZh;
    public String nameEn;

    /** Validity from the first admitted entry. */
    public int validityHours;

    /** Days after issue within which the card must be activated. */
    public int activationWindowDays;

    @Enumerated(EnumType.STRING)
    public SiteLimit siteLimit;

    /** Price in fen (1/100 yuan). */
    public int priceFen;
}
