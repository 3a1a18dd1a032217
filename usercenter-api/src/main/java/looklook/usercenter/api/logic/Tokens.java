package looklook.usercenter.api.logic;

import looklook.proto.usercenter.GenerateTokenResp;
import looklook.proto.usercenter.LoginResp;
import looklook.proto.usercenter.RefreshTokenResp;
import looklook.proto.usercenter.RegisterResp;
import looklook.usercenter.api.types.Types;

/** usercenter-rpc's token answers (four messages with the same fields) as the one HTTP answer. */
final class Tokens {
    private Tokens() {
    }

    static Types.TokenResp of(RegisterResp r) {
        return new Types.TokenResp(r.getAccessToken(), r.getAccessExpire(), r.getRefreshAfter(), r.getRefreshToken(), r.getRefreshExpire());
    }

    static Types.TokenResp of(LoginResp r) {
        return new Types.TokenResp(r.getAccessToken(), r.getAccessExpire(), r.getRefreshAfter(), r.getRefreshToken(), r.getRefreshExpire());
    }

    static Types.TokenResp of(GenerateTokenResp r) {
        return new Types.TokenResp(r.getAccessToken(), r.getAccessExpire(), r.getRefreshAfter(), r.getRefreshToken(), r.getRefreshExpire());
    }

    static Types.TokenResp of(RefreshTokenResp r) {
        return new Types.TokenResp(r.getAccessToken(), r.getAccessExpire(), r.getRefreshAfter(), r.getRefreshToken(), r.getRefreshExpire());
    }
}
