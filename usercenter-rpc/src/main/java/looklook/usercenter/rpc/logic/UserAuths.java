package looklook.usercenter.rpc.logic;

import looklook.usercenter.rpc.model.UserAuth;

/** Row to message for the two auth lookups. */
final class UserAuths {
    private UserAuths() {
    }

    static looklook.proto.usercenter.UserAuth toProto(UserAuth a) {
        return looklook.proto.usercenter.UserAuth.newBuilder()
                .setId(a.id()).setUserId(a.userId()).setAuthType(a.authType()).setAuthKey(a.authKey()).build();
    }
}
