package looklook.order.rpc;

import static looklook.order.rpc.OrderRpcFixture.bizError;
import static looklook.order.rpc.OrderRpcFixture.newUserId;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.testing.Reflection;
import looklook.proto.order.Homestay;
import looklook.proto.order.HomestayDetailReq;
import looklook.proto.order.HomestayListReq;
import looklook.proto.order.HomestayOrder;
import looklook.proto.order.HomestayOrderDetailReq;
import looklook.proto.order.UserHomestayOrderListReq;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ListAndCatalogIT {
    private static final long ALL = -99;
    private static OrderRpcFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = OrderRpcFixture.start();
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    private static List<String> page(long user, long lastId, long pageSize, long state) {
        return f.rpc.userHomestayOrderList(UserHomestayOrderListReq.newBuilder().setUserId(user).setLastId(lastId)
                .setPageSize(pageSize).setTraderState(state).build()).getListList().stream().map(HomestayOrder::getSn).toList();
    }

    private static long idOf(String sn) {
        return f.detail(sn).getId();
    }

    @Test
    void userOrderList_pagesNewestFirstByLastId_andFiltersByState() {
        long user = newUserId();
        List<String> sns = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sns.add(f.create(user));
        }
        f.create(newUserId()); // someone else's
        f.move(sns.get(1), 1);
        f.move(sns.get(3), 1);

        assertThat(page(user, 0, 2, ALL)).containsExactly(sns.get(4), sns.get(3));
        assertThat(page(user, idOf(sns.get(3)), 2, ALL)).containsExactly(sns.get(2), sns.get(1));
        assertThat(page(user, idOf(sns.get(1)), 2, ALL)).containsExactly(sns.get(0));
        assertThat(page(user, idOf(sns.get(0)), 2, ALL)).isEmpty();

        assertThat(page(user, 0, 10, 1)).containsExactly(sns.get(3), sns.get(1));
        assertThat(page(user, 0, 10, 0)).containsExactly(sns.get(4), sns.get(2), sns.get(0));
        assertThat(page(user, idOf(sns.get(4)), 1, 0)).containsExactly(sns.get(2));
        assertThat(page(user, 0, 10, -1)).isEmpty();
        assertThat(page(user, 0, 100, ALL)).hasSize(5);

        HomestayOrder first = f.rpc.userHomestayOrderList(UserHomestayOrderListReq.newBuilder().setUserId(user)
                .setPageSize(1).setTraderState(ALL).build()).getList(0);
        assertThat(first).isEqualTo(f.detail(sns.get(4)));
    }

    @Test
    void userOrderList_badInput_is100002() {
        long user = newUserId();
        List<long[]> cases = List.of(new long[] {user, 0, 0, ALL}, new long[] {user, 0, 101, ALL},
                new long[] {user, -1, 10, ALL}, new long[] {user, 0, 10, 9}, new long[] {user, 0, 10, -98},
                new long[] {0, 0, 10, ALL});
        for (long[] c : cases) {
            BizException e = bizError(() -> page(c[0], c[1], c[2], c[3]));
            assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_PARAM_ERROR.code());
            assertThat(e.userMessage()).containsAnyOf("pageSize", "lastId", "traderState", "userId");
        }
    }

    @Test
    void orderDetail_unknownSnIsAnAnswerWithoutAnOrder() {
        var resp = f.rpc.homestayOrderDetail(HomestayOrderDetailReq.newBuilder().setSn("HSO" + "9".repeat(22)).build());
        assertThat(resp.hasHomestayOrder()).isFalse();
        assertThat(bizError(() -> f.rpc.homestayOrderDetail(HomestayOrderDetailReq.newBuilder().setSn("").build())).code())
                .isEqualTo(ErrorCode.REQUEST_PARAM_ERROR.code());
    }

    @Test
    void homestayList_showsHomesOnSaleNewestFirstByLastId() {
        List<Long> all = f.rpc.homestayList(HomestayListReq.newBuilder().setPageSize(10).build())
                .getListList().stream().map(Homestay::getId).toList();
        assertThat(all).containsExactly(4L, 3L, 2L, 1L);
        assertThat(f.rpc.homestayList(HomestayListReq.newBuilder().setPageSize(2).build()).getListList())
                .extracting(Homestay::getId).containsExactly(4L, 3L);
        assertThat(f.rpc.homestayList(HomestayListReq.newBuilder().setLastId(3).setPageSize(2).build()).getListList())
                .extracting(Homestay::getId).containsExactly(2L, 1L);
        assertThat(bizError(() -> f.rpc.homestayList(HomestayListReq.newBuilder().setPageSize(0).build())).code())
                .isEqualTo(ErrorCode.REQUEST_PARAM_ERROR.code());
    }

    @Test
    void homestayDetail_givesPricesInFenAndKnowsOffSaleHomes() {
        Homestay h = f.rpc.homestayDetail(HomestayDetailReq.newBuilder().setId(2).build()).getHomestay();
        assertThat(h.getTitle()).isEqualTo("Mountain Tea House");
        assertThat(h.getHomestayPrice()).isEqualTo(45800);
        assertThat(h.getFoodPrice()).isEqualTo(6800);
        assertThat(h.getPeopleNum()).isEqualTo(6);
        assertThat(h.getRowState()).isEqualTo(1);
        assertThat(f.rpc.homestayDetail(HomestayDetailReq.newBuilder().setId(5).build()).getHomestay().getRowState()).isZero();
        BizException unknown = bizError(() -> f.rpc.homestayDetail(HomestayDetailReq.newBuilder().setId(99).build()));
        assertThat(unknown.code()).isEqualTo(ErrorCode.HOMESTAY_NOT_FOUND.code());
        assertThat(unknown.userMessage()).isEqualTo("homestay 99 not found");
        assertThat(bizError(() -> f.rpc.homestayDetail(HomestayDetailReq.newBuilder().setId(-1).build())).userMessage())
                .isEqualTo("id: -1 (expected > 0)");
    }

    @Test
    void reflection_listsTheOrderServiceUnderLooklooksName() throws Exception {
        assertThat(Reflection.listServices(f.channel)).contains("pb.order");
    }
}
