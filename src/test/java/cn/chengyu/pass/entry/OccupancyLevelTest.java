package cn.chengyu.pass.entry;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OccupancyLevelTest {

    @ParameterizedTest(name = "{0} of {1} is {2}")
    @CsvSource({
            "0, 100, GREEN",
            "79, 100, GREEN",
            "80, 100, YELLOW",
            "89, 100, YELLOW",
            "90, 100, ORANGE",
            "94, 100, ORANGE",
            "95, 100, RED",
            "100, 100, RED",
            "7999, 10000, GREEN",
            "8000, 10000, YELLOW",
            "1, 3, GREEN",
            "3, 3, RED",
            "0, 0, RED"})
    void levelFollowsTheThresholds(long admitted, long capacity, OccupancyLevel expected) {
        assertEquals(expected, OccupancyLevel.of(admitted, capacity));
    }
}
