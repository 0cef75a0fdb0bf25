package cn.chengyu.pass.settlement.service;

import cn.chengyu.pass.site.Province;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumMap;
import java.util.Map;

/** {@code chengyu_settlement_payable_fen_total{province}}: fen that became payable (admissions, accepted disputes). */
@ApplicationScoped
public class PayableCounter {

    private final Map<Province, Counter> byProvince = new EnumMap<>(Province.class);

    public PayableCounter(MeterRegistry metrics) {
        for (Province province : Province.values()) {
            byProvince.put(province, Counter.builder("chengyu.settlement.payable.fen")
                    .description("Fen that became payable to sites, by province (a disputed line when it is accepted)")
                    .tag("province", province.name()).register(metrics));
        }
    }

    public void add(Province province, int fen) {
        if (fen > 0) {
            byProvince.get(province).increment(fen);
        }
    }
}
