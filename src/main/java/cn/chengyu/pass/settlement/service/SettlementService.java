package cn.chengyu.pass.settlement.service;

import cn.chengyu.pass.BusinessTime;
import cn.chengyu.pass.settlement.Clearing;
import cn.chengyu.pass.settlement.ClosedPeriod;
import cn.chengyu.pass.settlement.SettlementLine;
import cn.chengyu.pass.settlement.Statement;
import cn.chengyu.pass.settlement.repository.SettlementRepository;
import cn.chengyu.pass.site.Province;
import cn.chengyu.pass.site.service.SiteService;
import cn.chengyu.pass.web.PageResult;
import cn.chengyu.pass.web.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Statements, the clearing between provinces, disputes and month closes. */
@ApplicationScoped
public class SettlementService {

    /** How long a close waits for the transactions booking lines into the month (an offline batch takes up to 2 s). */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final SettlementRepository settlement;
    private final SiteService sites;
    private final BusinessTime time;
    private final PayableCounter payable;

    public SettlementService(SettlementRepository settlement, SiteService sites, BusinessTime time, PayableCounter payable) {
        this.settlement = settlement;
        this.sites = sites;
        this.time = time;
        this.payable = payable;
    }

    /** A site's statement of a month (read whether the month is closed first: a CLOSED statement is final). */
    public Uni<Statement> statement(String site, YearMonth month) {
        return sites.find(site).flatMap(found -> settlement.closed(month)
                .flatMap(closed -> settlement.statement(site, found.province, month, closed)));
    }

    /** A page of the month's lines (its statements' rows) of one site, or all when null; of one status, or all when null. */
    public Uni<PageResult<SettlementLine>> lines(String site, YearMonth month, SettlementLine.Status status, int page, int size) {
        return (site == null ? Uni.createFrom().voidItem() : sites.find(site).replaceWithVoid())
                .chain(() -> settlement.lines(site, month, status, page, size));
    }

    /** Every province's totals of the month, provinces without lines as zeros. */
    public Uni<Clearing> clearing(YearMonth month) {
        return settlement.clearing(month).map(byProvince -> {
            List<Clearing.ProvinceTotal> provinces = Arrays.stream(Province.values())
                    .map(province -> byProvince.getOrDefault(province, new Clearing.ProvinceTotal(province, 0, 0, 0, 0)))
                    .toList();
            return new Clearing(month.toString(), provinces, provinces.stream().mapToLong(Clearing.ProvinceTotal::payableFen).sum());
        });
    }

    /** Decides a disputed line: ACCEPT makes it payable, REJECT books a reversal line; 404 without a line, 409 when not disputed. */
    public Uni<SettlementLine> resolve(UUID entryId, SettlementLine.Outcome outcome, String note, String by) {
        return settlement.resolve(entryId, outcome, note, by, time.now()).flatMap(resolved -> {
            if (resolved != null) {
                if (outcome == SettlementLine.Outcome.ACCEPT) {
                    payable.add(resolved.province(), resolved.amountFen());
                }
                return Uni.createFrom().item(resolved);
            }
            return settlement.line(entryId).map(line -> {
                if (line == null) {
                    throw ProblemException.notFound("No settlement line of entry " + entryId + ".");
                }
                throw ProblemException.conflict("The line of entry " + entryId + " is " + line.status()
                        + (line.resolution() == null ? "" : ", decided " + line.resolution().outcome()) + ": only a disputed line is decided.");
            });
        });
    }

    /** Closes a month that is over and has no dispute left; a closed month never changes. */
    public Uni<ClosedPeriod> close(YearMonth month, String by) {
        LocalDate closesFrom = month.plusMonths(1).atDay(2);
        if (time.today().isBefore(closesFrom)) {
            throw ProblemException.conflict("The month " + month + " can close from " + closesFrom
                    + " (Asia/Shanghai): a night session of its last day may still admit until the morning after.");
        }
        Instant now = time.now();
        return settlement.close(month, by, now, CLOSE_WAIT).map(closing -> switch (closing.outcome()) {
            case DISPUTES_OPEN -> throw ProblemException.conflict("The month " + month
                    + " still has disputed lines; resolve them first.");
            case ALREADY_CLOSED -> throw ProblemException.conflict("The month " + month + " is already closed.");
            case CLOSED -> new ClosedPeriod(month.toString(), Statement.PeriodStatus.CLOSED, now, closing.lines(),
                    closing.payableFen());
        });
    }
}
