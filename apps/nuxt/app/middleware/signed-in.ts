// Clerk's page protection for Nuxt: a signed-out visitor goes to /sign-in and comes back afterwards.
export default defineNuxtRouteMiddleware((to) => {
  const { isSignedIn } = useAuth();
  if (!isSignedIn.value)
    return navigateTo({
      path: "/sign-in",
      query: { redirect_url: useRequestURL().origin + to.fullPath },
    });
});
