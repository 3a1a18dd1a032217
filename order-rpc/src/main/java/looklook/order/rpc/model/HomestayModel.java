package looklook.order.rpc.model;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Data access for {@code homestay}. */
public interface HomestayModel {
    String COLUMNS = "id, title, sub_title, banner, info, people_num, homestay_business_id, user_id, row_state, row_type, "
            + "food_info, food_price, homestay_price, market_homestay_price";

    @SqlQuery("SELECT " + COLUMNS + " FROM homestay WHERE id = :id AND del_state = 0")
    Optional<Homestay> findOne(long id);

    /** Homes on sale with an id below {@code beforeId}, newest first. */
    @SqlQuery("SELECT " + COLUMNS + " FROM homestay WHERE id < :beforeId AND row_state = " + Homestay.ON_SALE
            + " AND del_state = 0 ORDER BY id DESC LIMIT :limit")
    List<Homestay> listOnSale(long beforeId, int limit);
}
